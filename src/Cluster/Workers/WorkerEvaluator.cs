using RlLab.Leaderboard.Evaluation;

namespace RlLab.Cluster.Workers;

/// <summary>
/// How this worker runs a leaderboard evaluation under the limits the server sent: the real one is
/// the same sandboxed <see cref="EvaluationChild"/> that `rllab serve` runs locally. Null: this
/// silo takes no evaluations (a sweep's own silo, the serve silo).
/// </summary>
public sealed class WorkerEvaluator(Func<SandboxLimits, IEvaluationBackend>? create)
{
    public bool Enabled => create is not null;

    public IEvaluationBackend Create(SandboxLimits limits) =>
        create?.Invoke(limits) ?? throw new InvalidOperationException("this silo takes no evaluations");
}
