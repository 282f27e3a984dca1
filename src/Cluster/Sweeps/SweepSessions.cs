using System.Collections.Concurrent;

namespace RlLab.Cluster.Sweeps;

/// <summary>The sweeps this process owns; the owner grain finds its ledger here, so it only works in this process.</summary>
public sealed class SweepSessions
{
    readonly ConcurrentDictionary<string, SweepLedger> ledgers = new();

    public void Add(SweepLedger ledger) => ledgers[ledger.Id] = ledger;

    public void Remove(string id) => ledgers.TryRemove(id, out _);

    public SweepLedger? Find(string id) => ledgers.GetValueOrDefault(id);
}
