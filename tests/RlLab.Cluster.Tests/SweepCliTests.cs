using System.Text.RegularExpressions;

namespace RlLab.Cluster.Tests;

/// <summary>The real `rllab sweep` and `rllab worker`, as processes, with real CartPole PPO trials on a tiny budget.</summary>
[Collection("processes")]
public sealed partial class SweepCliTests
{
    // A hang guard only: under a shared 2-core machine at load 50, 16 tiny trials took over 4 minutes.
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    [Theory]
    [InlineData("--grid", "algo.lr")]
    [InlineData("--grid", "nosuch.key=1,2")]
    [InlineData("--seeds", "3-1")]
    [InlineData("--seeds", "x")]
    [InlineData("--set", "algo.nosuch=1")]
    [InlineData("--cluster", "http://localhost:6379")]
    [InlineData("--cluster", "redis://127.0.0.1:1")] // nothing listens: said before sweep.json is written (#27 item 13)
    public void A_bad_option_is_one_line_and_exit_2_and_nothing_is_written(string option, string value)
    {
        using var temp = new TempDir();
        string dir = Path.Combine(temp.Path, "sweep");
        string[] seeds = option == "--seeds" ? [] : ["--seeds", "1-2"];
        using var child = new CliChild(["sweep", Repo.CartPole, .. seeds, option, value, "--out", dir]);
        Assert.Equal(2, child.Wait(Limit));
        string[] lines = child.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // One line; a command line that does not parse adds the usual hint line (CliErrors.ParseError).
        Assert.StartsWith("error: ", lines[0]);
        Assert.All(lines.Skip(1), l => Assert.StartsWith("hint: ", l));
        Assert.True(lines.Length <= 2, string.Join(" | ", lines));
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void An_in_process_sweep_of_real_trials_writes_a_run_per_trial_sweep_csv_and_curves()
    {
        using var temp = new TempDir();
        string dir = Path.Combine(temp.Path, "sweep");
        // The trial folder of a sweep that was killed: the next sweep removes it, and its own when it ends (#27 item 15).
        string trials = Path.Combine(Path.GetTempPath(), "rllab-trials");
        string stale = Path.Combine(trials, DeadPid().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(stale, "sweep-x", "t01-attempt1"));
        using var child = new CliChild(["sweep", Repo.CartPole, "--seeds", "1-2", "--slots", "2", .. Repo.TinyBudget, "--out", dir]);
        Assert.True(child.Wait(Limit) == 0, child.Output);
        Assert.False(Directory.Exists(stale));
        Assert.False(Directory.Exists(Path.Combine(trials, child.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var csv = SweepCsvFile.Read(dir);
        Assert.Equal(["t01", "t02"], csv.Rows.Select(r => csv.Get(r, "trial")));
        Assert.All(csv.Rows, r => Assert.Equal("done", csv.Get(r, "status")));
        Assert.All(csv.Rows, r => Assert.Equal("1024", csv.Get(r, "steps")));
        foreach (string t in new[] { "t01", "t02" })
        {
            Assert.True(File.Exists(Path.Combine(dir, t, "eval.json")));
            Assert.True(File.Exists(Path.Combine(dir, t, "checkpoints", "latest")));
            Assert.Contains($"seed: {(t == "t01" ? 1 : 2)}", File.ReadAllText(Path.Combine(dir, t, "config.yaml")));
        }
        Assert.True(File.Exists(Path.Combine(dir, "curves.png")));
    }

    [Fact]
    public void Resume_after_the_client_is_killed_keeps_finished_trials_and_continues_the_others()
    {
        using var temp = new TempDir();
        string dir = Path.Combine(temp.Path, "sweep");
        using (var first = new CliChild(["sweep", Repo.CartPole, "--seeds", "1-3", "--slots", "1", .. Repo.TinyBudget, "--out", dir]))
        {
            // Kill while a trial runs after one has finished, so that the kill interrupts one for certain.
            Poll.Until(() =>
            {
                var csv = SweepCsvFile.Read(dir);
                return csv.WithStatus("done").Any() && csv.WithStatus("running").Any();
            }, Limit, () => "no trial finished and another started:\n" + first.Output);
            first.Kill9();
        }
        var before = SweepCsvFile.Read(dir);
        string[] finished = [.. before.WithStatus("done").Select(r => before.Get(r, "trial"))];
        Assert.NotEqual(3, finished.Length);

        using var resumed = new CliChild(["sweep", "--resume", dir]);
        Assert.True(resumed.Wait(Limit) == 0, resumed.Output);
        var after = SweepCsvFile.Read(dir);
        Assert.Equal(3, after.Rows.Length);
        Assert.All(after.Rows, r => Assert.Equal("done", after.Get(r, "status")));
        // Finished trials were not run again; the one the kill interrupted counts a second attempt.
        foreach (string t in finished) Assert.Equal("1", after.Get(after.Rows.Single(r => after.Get(r, "trial") == t), "attempts"));
        Assert.Contains(after.Rows, r => after.Get(r, "attempts") == "2");
    }

    [Fact]
    public void Three_workers_on_redis_one_killed_with_9_still_record_16_trials_once_with_a_retry()
    {
        using var temp = new TempDir();
        using var redis = new RedisServer();
        string cluster = $"redis://127.0.0.1:{redis.Port}";
        var workers = Enumerable.Range(0, 3).Select(_ => new CliChild("worker", "--cluster", cluster, "--slots", "1")).ToList();
        try
        {
            string[] addresses = [.. workers.Select(w =>
            {
                Poll.Until(() => JoinedAs().IsMatch(w.Output), Limit, () => "a worker did not join:\n" + w.Output);
                return JoinedAs().Match(w.Output).Groups[1].Value;
            })];
            string dir = Path.Combine(temp.Path, "sweep");
            using var sweep = new CliChild(["sweep", Repo.CartPole, "--seeds", "1-16", "--cluster", cluster, .. Repo.TinyBudget, "--out", dir]);
            // kill -9 the first worker while it runs a trial.
            Poll.Until(() =>
            {
                var csv = SweepCsvFile.Read(dir);
                return csv.WithStatus("running").Any(r => csv.Get(r, "worker") == addresses[0]);
            }, Limit, () => "the first worker ran no trial:\n" + sweep.Output);
            workers[0].Kill9();

            Assert.True(sweep.Wait(Limit) == 0, sweep.Output);
            var result = SweepCsvFile.Read(dir);
            Assert.Equal(Enumerable.Range(1, 16).Select(i => $"t{i:D2}"), result.Rows.Select(r => result.Get(r, "trial")));
            Assert.All(result.Rows, r => Assert.Equal("done", result.Get(r, "status")));
            Assert.Contains(result.Rows, r => int.Parse(result.Get(r, "attempts"), System.Globalization.CultureInfo.InvariantCulture) > 1);
            Assert.All(result.Rows, r => Assert.NotEqual(addresses[0], result.Get(r, "worker")));
        }
        finally
        {
            foreach (CliChild w in workers) w.Dispose();
        }
    }

    /// <summary>
    /// #27 items 5 and 8, on a real full disk (a 96 KiB tmpfs; the test needs root to mount it): the sweep
    /// ends with one line instead of hanging after "0 running, 2 failed"; with room again, --resume runs the
    /// trials whose results never arrived; and a trial whose folder was deleted runs again too.
    /// </summary>
    [Fact]
    public void A_sweep_on_a_full_disk_ends_and_resume_runs_the_trials_whose_results_are_missing()
    {
        using var temp = new TempDir();
        string full = Path.Combine(temp.Path, "full");
        Directory.CreateDirectory(full);
        if (!Tmpfs(full, "size=96k")) return; // not root
        try
        {
            string dir = Path.Combine(full, "sweep");
            using (var first = new CliChild(["sweep", Repo.CartPole, "--seeds", "1-2", "--slots", "2", .. Repo.TinyBudget, "--out", dir]))
            {
                Assert.True(first.Wait(Limit) == 2, first.Output);
                Assert.Contains($"error: {dir}: could not write the sweep's files (No space left on device", first.Output);
                Assert.Contains($"continue it with ./rllab sweep --resume {dir}", first.Output);
                Assert.DoesNotContain("   at ", first.Output);
            }
            Assert.True(Tmpfs(full, "remount,size=64m"));
            using (var resumed = new CliChild(["sweep", "--resume", dir]))
                Assert.True(resumed.Wait(Limit) == 0, resumed.Output);
            var csv = SweepCsvFile.Read(dir);
            Assert.All(csv.Rows, r => Assert.Equal("done", csv.Get(r, "status")));
            Assert.All(new[] { "t01", "t02" }, t => Assert.True(File.Exists(Path.Combine(dir, t, "eval.json")), t));

            Directory.Delete(Path.Combine(dir, "t01"), recursive: true);
            File.Delete(Path.Combine(dir, "sweep.csv"));
            using var again = new CliChild(["sweep", "--resume", dir]);
            Assert.True(again.Wait(Limit) == 0, again.Output);
            Assert.Contains("note: t01: marked done but its folder is missing; running it again", again.Output);
            Assert.True(File.Exists(Path.Combine(dir, "t01", "eval.json")));
        }
        finally
        {
            using var umount = System.Diagnostics.Process.Start("umount", full);
            umount.WaitForExit();
        }
    }

    static int DeadPid()
    {
        using var p = System.Diagnostics.Process.Start("true");
        p.WaitForExit();
        return p.Id;
    }

    /// <summary>Mounts (or remounts) a tmpfs with these options; false where that is not allowed (not root).</summary>
    static bool Tmpfs(string folder, string options)
    {
        if (Environment.UserName != "root") return false;
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mount", ["-t", "tmpfs", "-o", options, "tmpfs", folder]) { RedirectStandardError = true })!;
        p.WaitForExit();
        return p.ExitCode == 0;
    }

    [GeneratedRegex(@"joined \S+ as (\S+) with")]
    private static partial Regex JoinedAs();
}
