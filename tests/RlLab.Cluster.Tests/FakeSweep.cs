using RlLab.Cluster.Sweeps;

namespace RlLab.Cluster.Tests;

/// <summary>A sweep of <c>fake.yaml</c> trials with seeds 1..N, for the ledger and TestingHost tests.</summary>
static class FakeSweep
{
    public static SweepState State(int trials)
    {
        var plan = new SweepPlan("fake.yaml", [], [.. Enumerable.Range(1, trials)], []);
        return new SweepState
        {
            Name = "fake",
            Experiment = plan.Experiment,
            Sets = [],
            Seeds = plan.Seeds,
            Grid = [],
            Target = null,
            Trials = [.. plan.Trials().Select(t => new TrialRecord { Id = t.Id, Seed = t.Seed, Values = [.. t.Values] })],
        };
    }
}
