using RlLab.Agents.Tests.Training;
using RlLab.Agents.Training;

namespace RlLab.Agents.Tests.Cli;

public sealed class CliVerbTests
{
    [Fact]
    public void PlotComparesSeedsAsBand()
    {
        using var dir = new TempDir();
        var runs = new List<string>();
        foreach (int seed in new[] { 1, 2 })
        {
            var run = RunDirectory.Create(Path.Combine(dir.Path, $"s{seed}"));
            Trainer.Train(TinyExperiments.Ppo(seed: seed), run);
            runs.Add(run.Path);
        }
        string output = Path.Combine(dir.Path, "compare.png");
        int code = RlLab.Cli.Program.Run(["plot", .. runs, "--out", output]);
        Assert.Equal(0, code);
        Assert.True(new FileInfo(output).Length > 1000);
    }

    [Fact]
    public void EvalWritesJsonForARun()
    {
        using var dir = new TempDir();
        var run = RunDirectory.Create(Path.Combine(dir.Path, "run"));
        Trainer.Train(TinyExperiments.Ppo(), run);
        File.Delete(run.Eval);
        var r = CliProcess.Run(dir.Path, "eval", run.Path, "--episodes", "3");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("mean return", r.Stdout);
        Assert.True(File.Exists(run.Eval));
    }

    [Fact]
    public void EnvsListsCartPole()
    {
        var r = CliProcess.Run(Path.GetTempPath(), "envs");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("CartPole", r.Stdout);
    }
}
