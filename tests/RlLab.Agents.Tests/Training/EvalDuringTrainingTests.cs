using System.Globalization;
using RlLab.Agents.Checkpoints;
using RlLab.Agents.Config;
using RlLab.Agents.Tests.Cli;
using RlLab.Agents.Training;

namespace RlLab.Agents.Tests.Training;

/// <summary>train.eval_every, as SB3's EvalCallback: evaluations during training and checkpoints/best.</summary>
public sealed class EvalDuringTrainingTests
{
    static ExperimentConfig Config(long steps) => ConfigLoader.Parse($$"""
        name: tiny-eval
        seed: 5
        env: {id: CartPole, num_envs: 4}
        policy: {hidden: [16, 16]}
        algo: {name: ppo, num_steps: 64, epochs: 2, minibatches: 2, lr: 0.003}
        train: {total_steps: {{steps}}, threads: 1, eval_episodes: 2, eval_every: 512}
        """, "tiny-eval.yaml");

    [Fact]
    public void Eval_every_writes_a_row_per_evaluation_and_keeps_the_best_checkpoint()
    {
        using var dir = new TempDir();
        var run = RunDirectory.Create(Path.Combine(dir.Path, "run"));
        Trainer.Train(Config(3072), run);

        string[] lines = File.ReadAllLines(run.Evaluations);
        string[] header = lines[0].Split(',');
        Assert.Equal(["step", "mean_return", "std_return", "best"], header);
        var rows = lines.Skip(1).Select(l => l.Split(',')).Select(c => (
            Step: long.Parse(c[0], CultureInfo.InvariantCulture), Mean: double.Parse(c[1], CultureInfo.InvariantCulture), Best: c[3] == "1")).ToList();
        Assert.Equal([512L, 1024, 1536, 2048, 2560, 3072], rows.Select(r => r.Step));

        // best is the first evaluation that reached the highest mean, and the flags mark each new best.
        double top = rows.Max(r => r.Mean);
        long bestStep = rows.First(r => r.Mean == top).Step;
        Assert.True(File.Exists(run.Best));
        Assert.Equal(bestStep, Checkpoint.ReadHeader(run.Best).State.GlobalStep);
        double running = double.NegativeInfinity;
        foreach (var r in rows)
        {
            Assert.Equal(r.Mean > running, r.Best);
            running = Math.Max(running, r.Mean);
        }
        Checkpoint.Verify(run.Best);
    }

    [Fact]
    public void Without_eval_every_there_is_no_best_and_no_evaluations_file()
    {
        using var dir = new TempDir();
        var run = RunDirectory.Create(Path.Combine(dir.Path, "run"));
        Trainer.Train(TinyExperiments.Ppo(steps: 1024), run);
        Assert.False(File.Exists(run.Best));
        Assert.False(File.Exists(run.Evaluations));
    }
}
