using Orleans.Placement;
using Orleans.Runtime;
using RlLab.Cluster.Sweeps;

namespace RlLab.Cluster.Grains;

/// <summary>
/// The owner of one sweep, keyed by the sweep's folder name. Placed in the silo that first calls it,
/// which is the sweep's own process; activated anywhere else it finds no ledger and claims nothing.
/// Each second it asks membership which silos are dead and re-queues their trials.
/// </summary>
[PreferLocalPlacement]
public sealed class SweepOwnerGrain(SweepSessions sessions, IClusterMembershipService membership) : Grain, ISweepOwnerGrain
{
    SweepLedger? ledger;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ledger = sessions.Find(this.GetPrimaryKeyString());
        if (ledger is null)
        {
            DeactivateOnIdle();
            return Task.CompletedTask;
        }
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

    public Task<TrialAssignment?> Claim(SiloAddress worker) => Task.FromResult(ledger?.Claim(worker.ToParsableString()));

    public Task<byte[]> ReadResumeChunk(string trialId, int attempt, int file, int chunk) =>
        Task.FromResult(ledger?.ReadResumeChunk(trialId, attempt, file, chunk) ?? []);

    public Task Progress(TrialProgress progress) { ledger?.Progress(progress); return Task.CompletedTask; }

    public Task ShipChunk(FileChunk chunk) { ledger?.Chunk(chunk); return Task.CompletedTask; }

    public Task StoreChunk(FileChunk chunk) { ledger?.Chunk(chunk); return Task.CompletedTask; }

    public Task Finished(TrialOutcome outcome) { ledger?.Finished(outcome); return Task.CompletedTask; }

    public Task<SweepCounts> Counts() => Task.FromResult(ledger?.Counts() ?? new SweepCounts(0, 0, 0, 0, 0));
}
