using System.Diagnostics;
using RlLab.Agents.Tests.Cli;

namespace RlLab.Agents.Tests.Reliability;

/// <summary>
/// Ctrl+C (SIGINT) sent to a real `rllab train` (#27 item 9): the first stops whatever runs cleanly, the
/// final evaluation included (it was ignored, as were the second and third), and the run stays resumable;
/// a second one ends the process at once.
/// </summary>
public sealed class InterruptTests
{
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    static string TestEnvs => Path.Combine(AppContext.BaseDirectory, "RlLab.TestEnvs.dll");

    [Fact]
    public async Task CtrlCStopsTheFinalEvaluationAndResumeRunsIt()
    {
        RequireSigintNotIgnored();
        using var dir = new TempDir();
        // Episodes of 1,000 steps whatever the policy: 100,000 of them take far longer than the test waits.
        string yaml = dir.File("i.yaml", Training.TinyExperiments.PpoYaml("interrupt", "total_steps: 256, eval_episodes: 100000")
            .Replace("env: {id: CartPole, num_envs: 2}", $"env: {{id: Constant, assembly: {TestEnvs}, num_envs: 2, options: {{steps: 1000}}}}", StringComparison.Ordinal));
        string run = Path.Combine(dir.Path, "run");
        using Process train = CliProcess.Start(dir.Path, "train", yaml, "--out", run, "--quiet");
        Task<string> stdout = train.StandardOutput.ReadToEndAsync(), stderr = train.StandardError.ReadToEndAsync();
        // The loop logs "stopped:" just before the final evaluation starts.
        WaitFor(() => LogSays(run, "stopped:"), train);
        Interrupt(train);
        Assert.True(train.WaitForExit(TimeSpan.FromSeconds(30)), "the first Ctrl+C did not stop the final evaluation");
        Assert.True(train.ExitCode == 0, await stderr);
        Assert.Contains($"evaluation: stopped; ./rllab train --resume {run} runs it", await stdout);
        Assert.False(File.Exists(Path.Combine(run, "eval.json")));

        var resumed = CliProcess.Run(dir.Path, "train", "--resume", run, "--set", "train.eval_episodes=3");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains("without its final evaluation; evaluated it now", resumed.Stdout);
        Assert.True(File.Exists(Path.Combine(run, "eval.json")));
    }

    [Fact]
    public async Task ASecondCtrlCExitsAtOnce()
    {
        RequireSigintNotIgnored();
        using var dir = new TempDir();
        // One long iteration (a 2,000,000-step rollout and 20 epochs on it): the first Ctrl+C waits for its end.
        string yaml = dir.File("i.yaml", Training.TinyExperiments.PpoYaml("interrupt", "total_steps: 2000000, eval_episodes: 0")
            .Replace("num_steps: 32, epochs: 1", "num_steps: 1000000, epochs: 20", StringComparison.Ordinal));
        string run = Path.Combine(dir.Path, "run");
        using Process train = CliProcess.Start(dir.Path, "train", yaml, "--out", run, "--quiet");
        Task<string> stderr = train.StandardError.ReadToEndAsync();
        _ = train.StandardOutput.ReadToEndAsync();
        WaitFor(() => LogSays(run, "training interrupt"), train);
        Interrupt(train);
        await Task.Delay(1000);
        Assert.False(train.HasExited, "the first Ctrl+C ended the process instead of stopping it cleanly");
        Interrupt(train);
        Assert.True(train.WaitForExit(TimeSpan.FromSeconds(10)), "the second Ctrl+C was ignored");
        Assert.Equal(130, train.ExitCode); // ended by the signal
        Assert.Contains("press Ctrl+C again to exit at once", await stderr);
    }

    static bool LogSays(string run, string text)
    {
        try { return File.Exists(Path.Combine(run, "log.txt")) && File.ReadAllText(Path.Combine(run, "log.txt")).Contains(text, StringComparison.Ordinal); }
        catch (IOException) { return false; }
    }

    static void WaitFor(Func<bool> condition, Process train)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(train.HasExited, "rllab train ended early");
            Assert.True(clock.Elapsed < Limit, "timed out");
            Thread.Sleep(50);
        }
    }

    /// <summary>
    /// A child inherits an ignored SIGINT (a background job of a non-interactive shell, `cmd &amp;`, starts
    /// so), and then no Ctrl+C reaches it: say so instead of failing as if the handler were broken.
    /// </summary>
    static void RequireSigintNotIgnored()
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (line is null) return;
        ulong ignored = Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16);
        Assert.True((ignored & (1UL << (2 - 1))) == 0,
            "this test process ignores SIGINT (it was started as a background job of a non-interactive shell), so rllab train would too: run the tests in the foreground");
    }

    static void Interrupt(Process p)
    {
        using var kill = Process.Start("kill", ["-INT", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
