namespace RlLab.Agents.Evaluation;

/// <summary>One evaluation episode (driving fields are NaN/0 for other envs).</summary>
/// <summary>Seed: the env seed of the episode when eval was given --seeds.</summary>
public sealed record EvalEpisode(int Index, string? Track, double Return, int Length, double Distance, int Laps, double BestLapTime, string? EndReason, int? Seed = null);

/// <summary>The summary written to eval.json.</summary>
public sealed record EvalSummary(
    string Checkpoint, int Episodes, bool Deterministic,
    double MeanReturn, double StdReturn, double MeanLength,
    double? MeanDistance, double? LapCompletionRate,
    IReadOnlyList<EvalEpisode> Rows);
