using RlLab.Leaderboard.Races;

namespace RlLab.Leaderboard.Evaluation;

/// <summary>
/// Where a submission's evaluation runs: a local sandboxed child (<see cref="EvaluationChild"/>, the
/// default) or, later, a cluster's workers (docs/scaling.md). Scoring and the database write stay in
/// <see cref="WorkerPool"/>, so every backend's output is scored the same way.
/// </summary>
public interface IEvaluationBackend
{
    Task<ChildOutcome> RunAsync(string bundlePath, Race race, IReadOnlyList<int> hiddenSeeds, CancellationToken ct);
}
