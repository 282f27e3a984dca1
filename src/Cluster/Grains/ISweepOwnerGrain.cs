using Orleans.Concurrency;

namespace RlLab.Cluster.Grains;

/// <summary>
/// The sweep's owner: lives in the silo of the process that ran `rllab sweep` (prefer-local
/// placement, activated there first), holds the queue and the ledger, and writes the sweep folder.
/// Every call returns at once; long work happens on the workers.
/// </summary>
public interface ISweepOwnerGrain : IGrainWithStringKey
{
    /// <summary>Takes the next pending trial for a worker; null when none is left.</summary>
    Task<TrialAssignment?> Claim(SiloAddress worker);

    /// <summary>A chunk of a checkpoint snapshot to resume from (index into <see cref="TrialAssignment.ResumeFiles"/>).</summary>
    Task<byte[]> ReadResumeChunk(string trialId, int attempt, int file, int chunk);

    [OneWay] Task Progress(TrialProgress progress);

    /// <summary>A checkpoint snapshot while the trial runs: one-way, lost chunks only cost that snapshot.</summary>
    [OneWay] Task ShipChunk(FileChunk chunk);

    /// <summary>A chunk of the final files, awaited so that they all arrive before <see cref="Finished"/>.</summary>
    Task StoreChunk(FileChunk chunk);

    /// <summary>The end of an attempt; the final files were shipped (awaited) before it.</summary>
    Task Finished(TrialOutcome outcome);

    Task<SweepCounts> Counts();
}
