namespace RlLab.Cluster.Grains;

/// <summary>Live sweeps, kept in grain storage ("sweeps": memory in-process, Redis on a cluster) so that it survives moving silo.</summary>
[GenerateSerializer]
public sealed class SweepDirectoryState
{
    [Id(0)] public Dictionary<string, DateTime> LastSeenUtc { get; set; } = [];
}

/// <summary>
/// The one directory of the cluster (key 0). An owner re-registers every few seconds; an entry not
/// refreshed for <see cref="Expiry"/> is dropped, so a killed client's sweep stops being polled.
/// </summary>
public sealed class SweepDirectoryGrain([PersistentState("directory", ClusterHost.StorageName)] IPersistentState<SweepDirectoryState> state)
    : Grain, ISweepDirectoryGrain
{
    static readonly TimeSpan Expiry = TimeSpan.FromSeconds(20);

    public async Task Register(string sweepId)
    {
        bool known = state.State.LastSeenUtc.ContainsKey(sweepId);
        state.State.LastSeenUtc[sweepId] = DateTime.UtcNow;
        if (!known) await state.WriteStateAsync();
    }

    public async Task Unregister(string sweepId)
    {
        if (state.State.LastSeenUtc.Remove(sweepId)) await state.WriteStateAsync();
    }

    public Task<string[]> Live()
    {
        DateTime now = DateTime.UtcNow;
        return Task.FromResult(state.State.LastSeenUtc.Where(e => now - e.Value < Expiry).Select(e => e.Key).Order(StringComparer.Ordinal).ToArray());
    }
}
