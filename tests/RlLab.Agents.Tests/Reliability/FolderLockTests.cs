using System.Diagnostics;
using RlLab.Agents.Tests.Cli;
using RlLab.Agents.Training;

namespace RlLab.Agents.Tests.Reliability;

/// <summary>
/// One process per run, sweep or leaderboard data folder: a second one gets one line naming the
/// PID that holds the folder (exit 2), and a holder killed with -9 leaves no stale lock.
/// </summary>
public sealed class FolderLockTests
{
    [Fact]
    public void ASecondHolderInThisProcessIsRefusedUntilTheFirstLetsGo()
    {
        using var dir = new TempDir();
        string folder = Path.Combine(dir.Path, "run");
        using (FolderLock.Acquire(folder, "run"))
        {
            var e = Assert.Throws<FolderInUseException>(() => FolderLock.Acquire(folder, "run"));
            Assert.Equal(Environment.ProcessId, e.Pid);
            Assert.Contains($"PID {Environment.ProcessId}", e.Message);
        }
        using (FolderLock.Acquire(folder, "run")) { }
        Assert.Throws<InvalidDataException>(() => FolderLock.Acquire(dir.File("afile", "x"), "run"));
    }

    static readonly string Yaml = Training.TinyExperiments.PpoYaml("lock", "total_steps: 100000000, checkpoint_every: 1024, eval_episodes: 0");

    [Fact]
    public void TwoResumesOfOneRunAreRefusedAndKill9ReleasesTheLock()
    {
        using var dir = new TempDir();
        string yaml = dir.File("lock.yaml", Yaml);
        string run = Path.Combine(dir.Path, "run");
        using (Process first = CliProcess.Start(dir.Path, "train", yaml, "--out", run, "--quiet"))
        {
            try
            {
                WaitFor(() => File.Exists(Path.Combine(run, "checkpoints", "latest")), first);
                CliProcess.Result second = CliProcess.Run(dir.Path, "train", "--resume", run, "--set", "algo.lr=0.01", "--quiet");
                Assert.True(second.ExitCode == 2, second.Stderr);
                Assert.Equal($"error: {run}: this run is in use by another rllab process (PID {first.Id}); wait for it to end, or stop it", second.Stderr.Trim());
                Assert.False(first.HasExited);
            }
            finally
            {
                first.Kill(); // SIGKILL: no finally block of the holder runs
                first.WaitForExit();
            }
        }
        // The kernel dropped the lock with the process: the resume goes ahead (and finds the shortened budget spent).
        CliProcess.Result after = CliProcess.Run(dir.Path, "train", "--resume", run, "--set", "train.total_steps=1024", "--quiet");
        Assert.True(after.ExitCode == 0, after.Stderr);
        Assert.Contains("already finished", after.Stdout);
    }

    [Fact]
    public void TwoServersOnOneDataFolderAreRefused()
    {
        using var dir = new TempDir();
        string data = Path.Combine(dir.Path, "lb");
        using Process first = CliProcess.Start(dir.Path, "serve", "--data", data, "--urls", "http://127.0.0.1:0", "--workers", "1");
        try
        {
            string lockFile = Path.Combine(data, FolderLock.FileName);
            WaitFor(() => File.Exists(lockFile) && File.ReadAllText(lockFile).Trim() == first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), first);
            CliProcess.Result second = CliProcess.Run(dir.Path, "serve", "--data", data, "--urls", "http://127.0.0.1:0", "--workers", "1");
            Assert.True(second.ExitCode == 2, second.Stderr);
            Assert.Contains($"this leaderboard data folder is in use by another rllab process (PID {first.Id})", second.Stderr);
            Assert.DoesNotContain("   at ", second.Stderr);
        }
        finally
        {
            first.Kill();
            first.WaitForExit();
        }
    }

    [Fact]
    public void ASweepFolderHeldByAnotherProcessIsRefused()
    {
        using var dir = new TempDir();
        string sweep = Path.Combine(dir.Path, "sweep");
        using (FolderLock.Acquire(sweep, "sweep"))
        {
            CliProcess.Result second = CliProcess.Run(dir.Path, "sweep", "--resume", sweep);
            Assert.True(second.ExitCode == 2, second.Stderr);
            Assert.Equal($"error: {sweep}: this sweep is in use by another rllab process (PID {Environment.ProcessId}); wait for it to end, or stop it", second.Stderr.Trim());
        }
    }

    static void WaitFor(Func<bool> condition, Process holder)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (holder.HasExited) Assert.Fail("the first process ended early: " + holder.StandardError.ReadToEnd());
            Assert.True(DateTime.UtcNow < until, "timed out");
            Thread.Sleep(20);
        }
    }
}
