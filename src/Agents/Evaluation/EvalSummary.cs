using System.Text.Json.Serialization;

namespace RlLab.Agents.Evaluation;

/// <summary>One evaluation episode; the env's own metrics (driving: distance, laps, best_lap_time) are fields of its JSON row.</summary>
/// <param name="Seed">The env seed of the episode when eval was given --seeds.</param>
public sealed record EvalEpisode(int Index, string? Track, double Return, int Length, string? EndReason, int? Seed = null)
{
    /// <summary>The env's metrics of the episode by name (written beside the fields above), or null for none.</summary>
    [JsonExtensionData]
    public Dictionary<string, object>? Metrics { get; init; }

    /// <summary>The metric <paramref name="name"/>, or NaN when the env did not report it.</summary>
    public double Metric(string name) => Metrics?.TryGetValue(name, out object? v) == true && v is double d ? d : double.NaN;

    // The metrics by value, as the other fields (a record would compare the dictionary by reference).
    public bool Equals(EvalEpisode? other) =>
        other is not null && Index == other.Index && Track == other.Track && Return.Equals(other.Return) && Length == other.Length
        && EndReason == other.EndReason && Seed == other.Seed
        && (Metrics?.Count ?? 0) == (other.Metrics?.Count ?? 0)
        && (Metrics ?? []).All(p => other.Metrics!.TryGetValue(p.Key, out object? v) && Equals(p.Value, v));

    public override int GetHashCode() => HashCode.Combine(Index, Track, Return, Length, EndReason, Seed);
}

/// <summary>The summary written to eval.json.</summary>
public sealed record EvalSummary(
    string Checkpoint, int Episodes, bool Deterministic,
    double MeanReturn, double StdReturn, double MeanLength,
    IReadOnlyList<EvalEpisode> Rows)
{
    /// <summary>The env's declared summaries (driving: mean_distance, lap_completion_rate), written as fields of eval.json; null for none.</summary>
    [JsonExtensionData]
    public Dictionary<string, object>? Summaries { get; init; }

    /// <summary>The env's declarations behind <see cref="Summaries"/> (labels and formats for printing); not written.</summary>
    [JsonIgnore]
    public IReadOnlyList<RlLab.Envs.MetricSummary> Declared { get; init; } = [];

    /// <summary>The summary <paramref name="key"/>, or null when the env declares none by that name.</summary>
    public double? Summary(string key) => Summaries?.TryGetValue(key, out object? v) == true && v is double d ? d : null;
}
