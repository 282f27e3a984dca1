namespace RlLab.Agents.Training;

/// <summary>A snapshot for progress displays, raised once per logged iteration.</summary>
public sealed record TrainingProgress(
    int Iteration, long Step, long? TotalSteps, int Episodes, int? TotalEpisodes,
    double MeanReturn, double StepsPerSecond, double WallSeconds);

/// <summary>How a run ended.</summary>
public sealed record TrainingResult(
    RunDirectory Run, long Steps, int Episodes, double MeanReturn, double WallSeconds,
    bool ReachedTarget, string StopReason, Evaluation.EvalSummary? Eval,
    double SecondsFromProcessStart)
{
    /// <summary>A final evaluation was due but stopped (Ctrl+C): no eval.json; `--resume` of the finished run runs it.</summary>
    public bool EvalStopped { get; init; }
}
