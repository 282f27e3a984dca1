namespace RlLab.Envs;

/// <summary>
/// A number an env reports about a finished episode, by name (driving: distance, laps, best_lap_time):
/// an episodes.csv column, the TensorBoard tag episode/NAME and a field of eval.json's rows. The
/// trainer and the evaluator pass them on without knowing any.
/// </summary>
public readonly record struct EpisodeMetric(string Name, double Value);

/// <summary>How evaluation sums one episode metric up over its episodes.</summary>
public enum MetricAggregate
{
    /// <summary>The mean; an episode without the metric counts as 0.</summary>
    Mean,
    /// <summary>The fraction of episodes whose value is at least 1 (e.g. a lap completed).</summary>
    FractionAtLeastOne,
    /// <summary>The sum over episodes divided by the sum of the metric <see cref="MetricSummary.Per"/>, times <see cref="MetricSummary.Scale"/> (a rate, e.g. per km).</summary>
    RatioOfSums,
}

/// <summary>
/// A summary an env declares for its evaluations (<see cref="IEnv.EvaluationSummaries"/>): the field
/// of eval.json, the episode metric it sums up and how, and the phrase `rllab eval` prints it with.
/// </summary>
/// <param name="Format">How the value is printed, e.g. "{0:F1} m" or "{0:P0}".</param>
/// <param name="Per">For <see cref="MetricAggregate.RatioOfSums"/>: the metric whose sum divides.</param>
/// <param name="Scale">For <see cref="MetricAggregate.RatioOfSums"/>: a factor on the ratio (1000: per km of a distance in metres).</param>
public sealed record MetricSummary(string Key, string Metric, MetricAggregate Aggregate, string Label, string Format, string? Per = null, double Scale = 1);
