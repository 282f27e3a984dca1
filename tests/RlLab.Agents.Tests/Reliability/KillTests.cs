using RlLab.Agents.Checkpoints;
using RlLab.Agents.Config;
using RlLab.Agents.Tests.Cli;

namespace RlLab.Agents.Tests.Reliability;

/// <summary>
/// kill -9 of a real `rllab train` child at a random instant, then --resume: the run continues to
/// its budget, no stack trace, no torn CSV line, no temporary file, and it ends with the same
/// progress.csv rows and the same weights as the run never interrupted. One case in CI; set
/// RLLAB_FAULTS=N for N more.
/// </summary>
public sealed class KillTests
{
    const string Yaml = """
        name: kill
        seed: 1
        env: {id: CartPole, num_envs: 4}
        policy: {hidden: [16, 16]}
        algo: {name: ppo, num_steps: 64, epochs: 2, minibatches: 2}
        train: {total_steps: 12288, checkpoint_every: 256, eval_episodes: 0, threads: 1}
        """;

    public static TheoryData<int> Seeds()
    {
        int extra = int.TryParse(Environment.GetEnvironmentVariable("RLLAB_FAULTS"), out int n) ? n : 0;
        var data = new TheoryData<int>();
        for (int i = 0; i <= extra; i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void KilledAnywhereThenResumedEqualsTheUninterruptedRun(int seed)
    {
        using var dir = new TempDir();
        string yaml = dir.File("kill.yaml", Yaml);
        string run = Path.Combine(dir.Path, "run");
        using (var p = CliProcess.Start(dir.Path, "train", yaml, "--out", run, "--quiet"))
        {
            // Wait for the first checkpoint, then kill at a random instant after it.
            var until = DateTime.UtcNow.AddSeconds(60);
            while (!File.Exists(Path.Combine(run, "checkpoints", "latest")) && !p.HasExited && DateTime.UtcNow < until) Thread.Sleep(20);
            Thread.Sleep(new Random(seed).Next(0, 400));
            if (!p.HasExited) p.Kill();
            p.WaitForExit();
        }
        CliProcess.Result resumed = CliProcess.Run(dir.Path, "train", "--resume", run, "--quiet");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.DoesNotContain("   at ", resumed.Stderr);
        Assert.Equal(12288, Checkpoint.ReadHeader(Checkpoint.Resolve(run)).State.GlobalStep);
        string[] progress = File.ReadAllLines(Path.Combine(run, "progress.csv"));
        long[] steps = [.. progress.Skip(1).Select(l => long.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Equal(Enumerable.Range(1, 48).Select(i => 256L * i), steps);
        Assert.Empty(Directory.GetFiles(run, "*.tmp-*", SearchOption.AllDirectories));

        // Exact: as if it had never been killed.
        string whole = Path.Combine(dir.Path, "whole");
        CliProcess.Result uninterrupted = CliProcess.Run(dir.Path, "train", yaml, "--out", whole, "--quiet");
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Stderr);
        Assert.Equal(ExactResumeTests.Rows(Path.Combine(whole, "progress.csv")), ExactResumeTests.Rows(Path.Combine(run, "progress.csv")));
        ExactResumeTests.AssertSameWeights(ConfigLoader.Parse(Yaml, "kill.yaml"), Checkpoint.Resolve(whole), Checkpoint.Resolve(run));
    }
}
