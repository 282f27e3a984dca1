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

    /// <summary>#27 item 8: a sweep folder that can no longer be written (a full disk) once hung the sweep after "0 running, 2 failed".</summary>
    [Fact]
    public void A_sweep_folder_that_cannot_be_written_ends_the_sweep_when_the_running_trials_have()
    {
        using var temp = new TempDir();
        SweepLedger ledger = NewLedger(temp.Path, 2, new ManualClock());
        TrialAssignment running = ledger.Claim("worker-a")!;
        // Every write into the folder fails from now on, as on a full disk.
        Directory.Delete(ledger.Directory, recursive: true);
        File.WriteAllText(ledger.Directory, "");
        Assert.NotNull(ledger.Claim("worker-a"));
        Assert.NotNull(ledger.WriteError);
        Assert.Null(ledger.Claim("worker-a")); // no trial is handed out after the failed write

        ledger.Finished(new TrialOutcome(running.TrialId, running.Attempt, -1, 1.0, "No space left on device"));
        Assert.False(ledger.Completion.IsCompleted);
        ledger.Finished(new TrialOutcome("t02", 1, 0, 1.0, null));
        Assert.True(ledger.Completion.IsCompleted);
    }

    /// <summary>#27 item 5: `sweep --resume` checks the ledger against the trial folders.</summary>
    [Fact]
    public void Resume_reruns_a_done_trial_without_its_results_and_a_trial_that_failed_outside_its_training()
    {
        using var temp = new TempDir();
        SweepState state = FakeSweep.State(4);
        string dir = Path.Combine(temp.Path, "sweep");
        SweepLedger.Create(dir, state);
        foreach (TrialRecord t in state.Trials) (t.Status, t.Attempts) = (TrialStatus.Done, 1);
        string whole = Path.Combine(dir, "t01");
        Directory.CreateDirectory(Path.Combine(whole, "checkpoints"));
        foreach (string f in new[] { "config.yaml", "progress.csv", "checkpoints/step-0010.ckpt" }) File.WriteAllText(Path.Combine(whole, f), "x");
        File.WriteAllText(Path.Combine(whole, "checkpoints", "latest"), "step-0010.ckpt\n");
        // t02: its folder was deleted; t03: its copy-back failed; t04: its own training failed (exit 1).
        (state.Trials[2].Status, state.Trials[2].ExitCode, state.Trials[2].Error) = (TrialStatus.Failed, -1, "No space left on device");
        (state.Trials[3].Status, state.Trials[3].ExitCode) = (TrialStatus.Failed, 1);
        foreach (string t in new[] { "t03", "t04" }) Directory.CreateDirectory(Path.Combine(dir, t));

        IReadOnlyList<string> notes = SweepLedger.Recheck(dir, state);
        Assert.Equal(["t02: marked done but its folder is missing; running it again",
            "t03: failed outside its training (No space left on device); running it again"], notes);
        Assert.Equal([TrialStatus.Done, TrialStatus.Pending, TrialStatus.Pending, TrialStatus.Failed], state.Trials.Select(t => t.Status));

        var ledger = new SweepLedger(dir, state);
        Assert.False(ledger.Completion.IsCompleted);
        Assert.Equal("t02", ledger.Claim("worker-a")!.TrialId);
    }

    [Fact]
    public void A_damaged_sweep_json_is_one_line_naming_the_file()
    {
        using var temp = new TempDir();
        File.WriteAllText(Path.Combine(temp.Path, SweepLedger.StateFile), "{\n  \"Name\": 3,\n");
        var e = Assert.Throws<SweepException>(() => SweepLedger.Load(temp.Path));
        Assert.Equal($"{Path.Combine(temp.Path, SweepLedger.StateFile)}:2: not a sweep state file (damaged or edited); restore it, or start the sweep again in a new folder", e.Message);
    }
}
