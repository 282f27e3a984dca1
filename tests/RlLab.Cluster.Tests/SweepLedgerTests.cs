using RlLab.Cluster.Grains;
using RlLab.Cluster.Sweeps;

namespace RlLab.Cluster.Tests;

/// <summary>The owner's book-keeping alone: a claim whose attempt falls silent on a live worker is not lost.</summary>
public sealed class SweepLedgerTests
{
    sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    static SweepLedger NewLedger(string root, int trials, TimeProvider clock)
    {
        SweepState state = FakeSweep.State(trials);
        string dir = Path.Combine(root, "sweep");
        SweepLedger.Create(dir, state);
        return new SweepLedger(dir, state, clock);
    }

    static readonly Func<string, bool> NoneDead = _ => false;

    [Fact]
    public void A_silent_attempt_on_a_live_worker_runs_again_and_only_the_new_attempt_counts()
    {
        using var temp = new TempDir();
        var clock = new ManualClock();
        SweepLedger ledger = NewLedger(temp.Path, 2, clock);
        TrialAssignment lost = ledger.Claim("worker-a")!;      // its start never reached the worker's trial grain
        TrialAssignment talking = ledger.Claim("worker-a")!;   // this one reports every second

        clock.Now += SweepLedger.SilenceLimit - TimeSpan.FromSeconds(1);
        Assert.Equal(0, ledger.Requeue(NoneDead));
        ledger.Progress(new TrialProgress(talking.TrialId, talking.Attempt, 10, double.NaN));
        clock.Now += TimeSpan.FromSeconds(2);
        Assert.Equal(1, ledger.Requeue(NoneDead));
        Assert.Equal(1, ledger.Counts().Running);

        TrialAssignment again = ledger.Claim("worker-b")!;
        Assert.Equal((lost.TrialId, 2), (again.TrialId, again.Attempt));
        // A late word from the lost attempt changes nothing; the new attempt's result is recorded once.
        ledger.Finished(new TrialOutcome(lost.TrialId, lost.Attempt, 0, 1.0, null));
        Assert.Equal(0, ledger.Counts().Done);
        ledger.Finished(new TrialOutcome(again.TrialId, again.Attempt, 0, 1.0, null));
        ledger.Finished(new TrialOutcome(again.TrialId, again.Attempt, 0, 1.0, null));
        ledger.Finished(new TrialOutcome(talking.TrialId, talking.Attempt, 0, 1.0, null));
        Assert.True(ledger.Completion.IsCompleted);
        Assert.Equal([(lost.TrialId, 2), (talking.TrialId, 1)], ledger.Recorded().OrderBy(r => r.Trial));
    }

    [Fact]
    public void A_trial_that_falls_silent_every_attempt_fails_after_the_last_one()
    {
        using var temp = new TempDir();
        var clock = new ManualClock();
        SweepLedger ledger = NewLedger(temp.Path, 1, clock);
        for (int i = 0; i < SweepLedger.MaxAttempts; i++)
        {
            Assert.NotNull(ledger.Claim("worker-a"));
            clock.Now += SweepLedger.SilenceLimit + TimeSpan.FromSeconds(1);
            Assert.Equal(1, ledger.Requeue(NoneDead));
        }
        Assert.Null(ledger.Claim("worker-a"));
        Assert.Equal(1, ledger.Counts().Failed);
        Assert.Contains("silent", ledger.State.Trials[0].Error);
        Assert.True(ledger.Completion.IsCompleted);
    }
}
