using System.Globalization;
using RlLab.Agents.Config;
using RlLab.Agents.Tests.Cli;
using RlLab.Agents.Training;

namespace RlLab.Agents.Tests.Training;

/// <summary>PPO's learning-rate schedule as CleanRL's anneal_lr: lr × (1 − the fraction of the budget spent), read back from progress.csv.</summary>
public sealed class PpoScheduleTests
{
    static double[] LearningRates(bool anneal)
    {
        using var dir = new TempDir();
        var run = RunDirectory.Create(Path.Combine(dir.Path, "run"));
        Trainer.Train(ConfigLoader.Parse($$"""
            name: schedule
            seed: 2
            env: {id: CartPole, num_envs: 4}
            policy: {hidden: [8]}
            algo: {name: ppo, num_steps: 64, epochs: 1, minibatches: 1, lr: 0.004, anneal_lr: {{(anneal ? "true" : "false")}}}
            train: {total_steps: 2048, threads: 1, eval_episodes: 0}
            """, "schedule.yaml"), run);
        string[] lines = File.ReadAllLines(run.Progress);
        int lr = Array.IndexOf(lines[0].Split(','), "lr");
        return [.. lines.Skip(1).Select(l => double.Parse(l.Split(',')[lr], CultureInfo.InvariantCulture))];
    }

    [Fact]
    public void Anneal_lr_falls_linearly_to_one_iteration_above_zero()
    {
        double[] lrs = LearningRates(anneal: true);
        // 8 iterations of 256 steps: iteration k starts with k/8 of the budget spent.
        Assert.Equal(8, lrs.Length);
        for (int k = 0; k < 8; k++) Assert.Equal(0.004 * (1 - k / 8.0), lrs[k], 6);
    }

    [Fact]
    public void Without_anneal_lr_the_rate_is_constant()
    {
        Assert.All(LearningRates(anneal: false), lr => Assert.Equal(0.004, lr, 9));
    }
}
