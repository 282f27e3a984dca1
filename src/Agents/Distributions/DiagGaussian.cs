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

    public Tensor Sample(Generator generator) => mean + std * randn(mean.shape, generator: generator, device: mean.device);

    public Tensor Mode() => mean;

    public Tensor LogProb(Tensor actions)
    {
        var z = (actions - mean) / std;
        return (-0.5 * z * z - std.log() - LogSqrt2Pi).sum(-1);
    }

    public Tensor Entropy() => (0.5 + LogSqrt2Pi + std.log()).sum(-1).expand(mean.shape[0]);
}
