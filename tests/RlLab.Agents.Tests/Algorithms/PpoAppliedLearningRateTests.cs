using RlLab.Agents.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Tests.Algorithms;

/// <summary>
/// anneal_lr as the optimiser applies it, measured from the weights: with one minibatch and one epoch
/// an iteration is one Adam step, θ ← θ − lr·m̂/(√v̂ + ε), so the rate is recovered from the change of
/// θ and the moments Adam kept. (PpoScheduleTests reads the logged lr, which is not what was applied.)
/// </summary>
public sealed class PpoAppliedLearningRateTests
{
    [Fact]
    public void The_annealed_rate_is_the_rate_adam_applies()
    {
        using var rig = new PpoRig(a => a with { AnnealLr = true, Epochs = 1, Minibatches = 1, NumSteps = 8, Lr = 0.01 },
            new CountingEnv(5, truncate: false), new CountingEnv(7, truncate: false));
        foreach (double progress in new[] { 0.0, 0.25, 0.5, 0.875 })
        {
            double applied = AppliedRate(rig, progress);
            Assert.Equal(0.01 * (1 - progress), applied, 0.01 * (1 - progress) * 1e-2);
        }
    }

    /// <summary>One iteration at <paramref name="progress"/>; the rate recovered from the largest moment's element.</summary>
    static double AppliedRate(PpoRig rig, double progress)
    {
        float[] before = Weights(rig);
        rig.Ppo.Iterate(progress, 0, new EpisodeLog(), new IterationMetrics());
        float[] after = Weights(rig);
        var states = rig.Ppo.Optimizer.state_dict().State.Cast<TorchSharp.Modules.Adam.State>().ToArray();
        float[] m = [.. states.SelectMany(s => s.exp_avg.data<float>().ToArray())];
        float[] v = [.. states.SelectMany(s => s.exp_avg_sq.data<float>().ToArray())];
        long step = states[0].step;
        double c1 = 1 - Math.Pow(0.9, step), c2 = 1 - Math.Pow(0.999, step);
        int i = Enumerable.Range(0, m.Length).MaxBy(j => Math.Abs(m[j]) / (Math.Sqrt(v[j] / c2) + 1e-5));
        double direction = m[i] / c1 / (Math.Sqrt(v[i] / c2) + 1e-5);
        return (before[i] - after[i]) / direction;
    }

    static float[] Weights(PpoRig rig) =>
        [.. rig.Policy.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray())];
}
