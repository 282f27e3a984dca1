using RlLab.Agents.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Distributions;

/// <summary>
/// A diagonal Gaussian N(mean, std²). Samples are unbounded; the env's action space clips them when
/// they are applied, and log-probabilities are always of the unclipped sample (as in SB3), so the
/// ratio in PPO stays exact.
/// </summary>
public sealed class DiagGaussian(Tensor mean, Tensor std) : IActionDistribution
{
    static readonly double LogSqrt2Pi = 0.5 * Math.Log(2 * Math.PI);

    public Tensor Mean => mean;
    public Tensor Std => std;

    public Tensor Sample(Generator generator) => mean.Plus(std.mul(randn(mean.shape, generator: generator, device: mean.device)));

    public Tensor Mode() => mean;

    public Tensor LogProb(Tensor actions)
    {
        // Held Scalars (HeldScalars' doc): this runs in every PPO minibatch.
        using Scalar minusHalf = -0.5, offset = LogSqrt2Pi;
        Tensor z = actions.sub(mean).div(std);
        return z.mul(z).mul(minusHalf).sub(std.log()).sub(offset).sum(-1);
    }

    public Tensor Entropy()
    {
        using Scalar constant = 0.5 + LogSqrt2Pi;
        return std.log().Plus(constant).sum(-1).expand(mean.shape[0]);
    }
}
