using Orleans.Concurrency;

namespace RlLab.Cluster.Grains;

/// <summary>
/// The evaluations a `rllab serve --cluster` process waits on: lives in that process's silo
/// (prefer-local, activated there first) and is listed in the sweep directory under a key starting
/// with <see cref="EvaluationQueueGrain.KeyPrefix"/>, so idle workers find it as they find sweeps.
/// Every call returns at once; the evaluation itself runs on a worker.
/// </summary>
public interface IEvaluationQueueGrain : IGrainWithStringKey
{
    /// <summary>Takes the oldest waiting evaluation for a worker; null when none waits.</summary>
    Task<EvaluationAssignment?> Claim(SiloAddress worker);

    /// <summary>A chunk of a bundle (at most <see cref="Evaluations.EvaluationQueue.ChunkBytes"/>; bundle 1 is a match's second agent); empty for an attempt that is no longer current.</summary>
    Task<byte[]> ReadBundleChunk(string evaluationId, int attempt, int chunk, int bundle = 0);

    [OneWay] Task Report(EvaluationResultChunk chunk);

    Task<int> Waiting();
}
