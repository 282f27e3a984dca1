using Orleans.Placement;
using Orleans.Runtime;
using RlLab.Cluster.Sweeps;

namespace RlLab.Cluster.Grains;

/// <summary>
/// The owner of one sweep, keyed by the sweep's folder name. Placed in the silo that first calls it,
/// which is the sweep's own process; activated anywhere else it finds no ledger, claims nothing, and
/// refuses results (the worker retries, then gives up: `sweep --resume` runs the trial again), so that
/// no result is acknowledged and dropped. Each second it re-queues the trials of silos membership
/// declared dead, and those silent too long (<see cref="SweepLedger.SilenceLimit"/>).
/// </summary>
[PreferLocalPlacement]
public sealed class SweepOwnerGrain(SweepSessions sessions, IClusterMembershipService membership) : Grain, ISweepOwnerGrain
{
    SweepLedger? ledger;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ledger = sessions.Find(this.GetPrimaryKeyString());
        // A ledger-less activation answers its first call itself and then goes (Found).
        if (ledger is null) return Task.CompletedTask;
        DelayDeactivation(TimeSpan.FromDays(30));
        this.RegisterGrainTimer(CheckWorkers, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) { Interleave = true });
        return Task.CompletedTask;
    }

    Task CheckWorkers(CancellationToken cancel)
    {
        if (ledger is null) return Task.CompletedTask;
        ClusterMembershipSnapshot snapshot = membership.CurrentSnapshot;
        // Not "unknown": a silo that joined a moment ago may not be in this snapshot yet.
        ledger.Requeue(worker => snapshot.GetSiloStatus(SiloAddress.FromParsableString(worker)) is SiloStatus.Dead or SiloStatus.ShuttingDown or SiloStatus.Stopping);
        return Task.CompletedTask;
    }

    public Task<TrialAssignment?> Claim(SiloAddress worker) => Task.FromResult(Found()?.Claim(worker.ToParsableString()));

    public Task<byte[]> ReadResumeChunk(string trialId, int attempt, int file, int chunk) =>
        Task.FromResult(Ledger.ReadResumeChunk(trialId, attempt, file, chunk));

    public Task Progress(TrialProgress progress) { Found()?.Progress(progress); return Task.CompletedTask; }

    public Task ShipChunk(FileChunk chunk) { Found()?.Chunk(chunk); return Task.CompletedTask; }

    public Task StoreChunk(FileChunk chunk) { Ledger.Chunk(chunk); return Task.CompletedTask; }

    public Task Finished(TrialOutcome outcome) { Ledger.Finished(outcome); return Task.CompletedTask; }

    public Task<SweepCounts> Counts() => Task.FromResult(Found()?.Counts() ?? new SweepCounts(0, 0, 0, 0, 0));

    /// <summary>The ledger; an activation without one answers this call and then goes away.</summary>
    SweepLedger? Found()
    {
        if (ledger is null) DeactivateOnIdle();
        return ledger;
    }

    SweepLedger Ledger => Found() ?? throw new InvalidOperationException(
        $"sweep {this.GetPrimaryKeyString()}: this process does not own it (its sweep process is gone)");
}
