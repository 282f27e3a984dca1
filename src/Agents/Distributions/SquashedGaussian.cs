using RlLab.Agents.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Distributions;

/// <summary>
/// SAC's tanh-squashed diagonal Gaussian (Haarnoja et al. 2018, appendix C): u ~ N(mean, std²),
/// y = tanh(u) in (−1, 1), and the env's action bias + scale·y fills the Box bounds. The log-probability
/// of y is the Gaussian's minus Σ log(1 − tanh²(u)), computed as 2(log 2 − u − softplus(−2u)), which
/// stays finite where tanh saturates. SAC learns in the squashed space (<see cref="SampleSquashed"/>);
/// <see cref="Sample"/>, <see cref="Mode"/> and <see cref="LogProb"/> are in the env's units.
/// </summary>
public sealed class SquashedGaussian(Tensor mean, Tensor logStd, Tensor scale, Tensor bias) : IActionDistribution
{
    /// <summary>SB3's bounds on the actor's log-std output.</summary>
    public const double LogStdMin = -20, LogStdMax = 2;
    static readonly double LogSqrt2Pi = 0.5 * Math.Log(2 * Math.PI);
    static readonly double Log2 = Math.Log(2);

    public Tensor Mean => mean;
    public Tensor Std { get; } = logStd.exp();

    /// <summary>A reparameterised sample y = tanh(mean + std·ε) in (−1, 1) and its log-probability [B] (gradients flow to mean and std).</summary>
    public (Tensor Squashed, Tensor LogProb) SampleSquashed(Generator generator)
    {
        Tensor noise = randn(mean.shape, generator: generator, device: mean.device);
        Tensor u = mean.Plus(Std * noise);
        return (u.tanh(), GaussianLogProb(noise) - TanhLogDet(u));
    }

    /// <summary>log N(u; mean, std²) summed over the action, from the standardised noise z = (u − mean)/std.</summary>
    Tensor GaussianLogProb(Tensor z)
    {
        // Held Scalars (HeldScalars' doc); z·z, not square(), a pow with an implicit Scalar 2.
        using Scalar half = -0.5, offset = LogSqrt2Pi;
        return (z.mul(z).mul(half) - logStd).sub(offset).sum(-1);
    }

    /// <summary>Σ log(1 − tanh²(u)) = Σ 2(log 2 − u − softplus(−2u)).</summary>
    public static Tensor TanhLogDet(Tensor u)
    {
        using Scalar two = 2.0, minusTwo = -2.0, log2 = Log2;
        return (u.neg().Plus(log2) - nn.functional.softplus(u.mul(minusTwo))).mul(two).sum(-1);
    }

    /// <summary>The env's action for a squashed value.</summary>
    public Tensor Scale(Tensor squashed) => bias.Plus(scale * squashed);

    public Tensor Sample(Generator generator) => Scale(SampleSquashed(generator).Squashed);

    public Tensor Mode() => Scale(mean.tanh());

    /// <summary>log π(a|s) of an env action: squashed back (clamped inside (−1, 1)), with the affine map's Jacobian.</summary>
    public Tensor LogProb(Tensor actions)
    {
        using Scalar low = -1 + 1e-6, high = 1 - 1e-6;
        Tensor y = ((actions - bias) / scale).clamp(low, high);
        Tensor u = y.atanh();
        return GaussianLogProb((u - mean) / Std) - TanhLogDet(u) - scale.log().sum(-1);
    }

    /// <summary>
    /// No closed form: the Gaussian's entropy plus the log-Jacobian at the mean (a first-order estimate,
    /// for the logs only; SAC logs −mean log π of its samples instead).
    /// </summary>
    public Tensor Entropy()
    {
        using Scalar constant = 0.5 + LogSqrt2Pi;
        return logStd.Plus(constant).sum(-1).Plus(TanhLogDet(mean)).Plus(scale.log().sum(-1));
    }
}
