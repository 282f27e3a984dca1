using RlLab.Agents.Algorithms;
using static TorchSharp.torch;

namespace RlLab.Agents.Tests.Algorithms;

/// <summary>PPO's per-minibatch arithmetic (PpoLoss, which Ppo.cs calls) on batches built by hand, against the formulas sample by sample.</summary>
public sealed class PpoLossTests
{
    const double Clip = 0.2;

    static double[] Values(Tensor t) => [.. t.to_type(ScalarType.Float64).data<double>()];

    [Fact]
    public void The_clipped_value_loss_is_the_larger_of_the_two_per_sample()
    {
        // Old value 0 everywhere. Sample 0 moved past +ε toward its return, sample 1 moved within ε,
        // sample 2 moved past −ε away from its return.
        double[] old = [0, 0, 0], ret = [1, -1, 1], v = [0.5, 0.1, -0.5];
        using var scope = NewDisposeScope();
        Tensor value = tensor(v, ScalarType.Float32).requires_grad_();
        Tensor clippedLoss = PpoLoss.ValueLoss(value, tensor(ret, ScalarType.Float32), tensor(old, ScalarType.Float32), Clip);
        Tensor plainLoss = PpoLoss.ValueLoss(value, tensor(ret, ScalarType.Float32), null, Clip);

        double plain = 0, clipped = 0;
        for (int i = 0; i < 3; i++)
        {
            double vc = old[i] + Math.Clamp(v[i] - old[i], -Clip, Clip);
            plain += 0.5 * Math.Pow(v[i] - ret[i], 2) / 3;
            clipped += 0.5 * Math.Max(Math.Pow(v[i] - ret[i], 2), Math.Pow(vc - ret[i], 2)) / 3;
        }
        Assert.Equal(plain, plainLoss.item<float>(), 5);
        Assert.Equal(clipped, clippedLoss.item<float>(), 5);
        // Pessimistic: clipping can only raise the loss, and here it does (sample 0).
        Assert.True(clippedLoss.item<float>() > plainLoss.item<float>() + 0.05);

        // Sample 0 gets no gradient: past ε, moving further toward the return does not lower the loss.
        // The others get the plain one, (v − R)/n.
        clippedLoss.backward();
        double[] grad = Values(value.grad!);
        Assert.Equal(0.0, grad[0], 6);
        Assert.Equal((v[1] - ret[1]) / 3, grad[1], 5);
        Assert.Equal((v[2] - ret[2]) / 3, grad[2], 5);
    }

    [Fact]
    public void The_surrogate_is_the_pessimistic_clipped_objective()
    {
        double[] adv = [1, 1, -1, -1, 2, -0.5], ratio = [1.5, 0.7, 1.5, 0.7, 1.1, 0.95];
        using var scope = NewDisposeScope();
        double expected = 0;
        for (int i = 0; i < adv.Length; i++)
            expected -= Math.Min(adv[i] * ratio[i], adv[i] * Math.Clamp(ratio[i], 1 - Clip, 1 + Clip)) / adv.Length;
        Tensor loss = PpoLoss.PolicyLoss(tensor(adv, ScalarType.Float32), tensor(ratio, ScalarType.Float32), Clip);
        Assert.Equal(expected, loss.item<float>(), 5);
        // Unclipped it would be −mean(A·r): the clip changed something here.
        Assert.NotEqual(-adv.Zip(ratio, (a, r) => a * r).Average(), loss.item<float>(), 3);
    }

    [Fact]
    public void The_clip_fraction_counts_ratios_more_than_epsilon_from_one()
    {
        double[] ratio = [1.0, 1.1, 1.25, 0.7, 0.85, 1.3, 1.19];
        using var scope = NewDisposeScope();
        double expected = ratio.Count(r => Math.Abs(r - 1) > Clip) / (double)ratio.Length;
        Assert.Equal(expected, PpoLoss.ClipFraction(tensor(ratio, ScalarType.Float32), Clip).item<float>(), 6);
        Assert.Equal(3 / 7.0, expected);   // 1.25, 0.7 and 1.3
    }

    [Fact]
    public void Advantages_are_normalised_with_the_sample_standard_deviation()
    {
        double[] a = [1, 2, 3, 10];
        using var scope = NewDisposeScope();
        double mean = a.Average(), sd = Math.Sqrt(a.Sum(x => (x - mean) * (x - mean)) / (a.Length - 1));
        double[] got = Values(PpoLoss.NormalizeAdvantages(tensor(a, ScalarType.Float32)));
        for (int i = 0; i < a.Length; i++) Assert.Equal((a[i] - mean) / (sd + 1e-8), got[i], 5);
    }

    [Fact]
    public void Approx_kl_is_the_k3_estimator()
    {
        double[] logRatio = [0.1, -0.2, 0.05, 0];
        using var scope = NewDisposeScope();
        double expected = logRatio.Average(l => Math.Exp(l) - 1 - l);
        Tensor lr = tensor(logRatio, ScalarType.Float32);
        Assert.Equal(expected, PpoLoss.ApproxKl(lr, lr.exp()).item<float>(), 6);
    }
}
