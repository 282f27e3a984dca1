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
        // The run's evaluation seeds, named in the file; training's eval.json is not eval's to write.
        int first = RlLab.Agents.Evaluation.Evaluator.DefaultSeed(RlLab.Agents.Config.ConfigLoader.Load(run.Config), 0);
        Assert.True(File.Exists(Path.Combine(run.Path, $"eval-{first}-{first + 2}.json")));
        Assert.False(File.Exists(run.Eval));
    }

    [Fact]
    public void EnvsListsCartPole()
    {
        var r = CliProcess.Run(Path.GetTempPath(), "envs");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("CartPole", r.Stdout);
    }
}

/// <summary>train.video_every_steps records an evaluation video with the viewer (needs a display: the suite runs under xvfb-run).</summary>
public sealed class TrainingVideoTests
{
    [Fact]
    public void VideoEveryWritesMp4IntoTheRun()
    {
        using var dir = new TempDir();
        string yaml = dir.File("exp.yaml", """
            name: video
            seed: 1
            env: {id: CartPole, num_envs: 4}
            policy: {hidden: [16]}
            algo: {name: ppo, num_steps: 32, epochs: 1, minibatches: 1}
            train: {total_steps: 512, eval_episodes: 0, video_every_steps: 256}
            """);
        string run = Path.Combine(dir.Path, "run");
        var r = CliProcess.Run(dir.Path, "train", yaml, "--out", run, "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.DoesNotContain("no training videos", r.Stderr);
        string[] videos = Directory.GetFiles(Path.Combine(run, "videos"), "*.mp4").Order().ToArray();
        Assert.Equal(new[] { "update-000002.mp4", "update-000004.mp4" }, videos.Select(v => Path.GetFileName(v)!).ToArray());
        Assert.All(videos, v => Assert.True(new FileInfo(v).Length > 1000));
    }
}
