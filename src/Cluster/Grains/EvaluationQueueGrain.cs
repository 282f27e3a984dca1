using Orleans.Placement;
using RlLab.Cluster.Evaluations;

namespace RlLab.Cluster.Grains;

/// <summary>
/// A thin front for the serve process's <see cref="EvaluationQueue"/>: activated anywhere else it
/// finds no queue and hands out nothing, as a sweep owner does. Dead workers and deadlines are the
/// backend's business (<see cref="ClusterEvaluationBackend"/>), not a grain timer's.
/// </summary>
[PreferLocalPlacement]
public sealed class EvaluationQueueGrain(EvaluationQueues queues) : Grain, IEvaluationQueueGrain
{
    /// <summary>Directory keys of evaluation queues; a sweep's key is a folder name, which holds no '/'.</summary>
    public const string KeyPrefix = "evaluations/";

    EvaluationQueue? queue;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        queue = queues.Find(this.GetPrimaryKeyString());
        if (queue is null) DeactivateOnIdle();
        else DelayDeactivation(TimeSpan.FromDays(30));
        return Task.CompletedTask;
    }

    public Task<EvaluationAssignment?> Claim(SiloAddress worker) => Task.FromResult(queue?.Claim(worker.ToParsableString(), DateTime.UtcNow));

    public Task<byte[]> ReadBundleChunk(string evaluationId, int attempt, int chunk, int bundle = 0) =>
        Task.FromResult(queue?.ReadBundleChunk(evaluationId, attempt, chunk, bundle) ?? []);

    public Task Report(EvaluationResultChunk chunk) { queue?.Report(chunk); return Task.CompletedTask; }

    public Task<int> Waiting() => Task.FromResult(queue?.Waiting() ?? 0);
}
