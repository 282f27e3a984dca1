using RlLab.Agents.Evaluation;
using RlLab.Agents.Tests.Cli;
using RlLab.Envs;

namespace RlLab.Agents.Tests.Evaluation;

/// <summary>The evaluator sums up the metrics an env declares, and names none itself.</summary>
public sealed class EvalSummaryTests
{
    static EvalEpisode Row(int i, params (string Name, double Value)[] metrics) =>
        new(i, null, 1, 1, "done") { Metrics = metrics.Length == 0 ? null : metrics.ToDictionary(m => m.Name, m => (object)m.Value) };

    [Fact]
    public void Declared_summaries_are_computed_and_written_as_fields()
    {
        MetricSummary[] declared = [new("mean_distance", "distance", MetricAggregate.Mean, "mean distance", "{0:F1} m"),
            new("lap_completion_rate", "laps", MetricAggregate.FractionAtLeastOne, "lap completion", "{0:P0}")];
        EvalSummary s = Evaluator.Summarise("c", true, [Row(0, ("distance", 10), ("laps", 1)), Row(1), Row(2, ("distance", 30), ("laps", 2))], declared);
        // A row without the metric counts 0 in a mean and fails "at least 1".
        Assert.Equal(40 / 3.0, s.Summary("mean_distance")!.Value, 9);
        Assert.Equal(2 / 3.0, s.Summary("lap_completion_rate")!.Value, 9);

        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "eval.json");
        Evaluator.WriteJson(path, s);
        string json = File.ReadAllText(path);
        Assert.Contains("\"mean_distance\": 13.3", json);
        Assert.Contains("\"lap_completion_rate\": 0.6", json);
        Assert.Contains("\"distance\": 30", json);
        Assert.DoesNotContain("declared", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_env_without_metrics_gets_no_summary_fields()
    {
        EvalSummary s = Evaluator.Summarise("c", true, [Row(0), Row(1)], []);
        Assert.Null(s.Summaries);
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "eval.json");
        Evaluator.WriteJson(path, s);
        string json = File.ReadAllText(path);
        Assert.DoesNotContain("distance", json);
        Assert.DoesNotContain("lap", json);
    }
}
