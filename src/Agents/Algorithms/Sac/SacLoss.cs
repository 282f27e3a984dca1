using RlLab.Agents.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Algorithms;

/// <summary>
/// SAC's losses on one batch (Haarnoja et al. 2018, with the automatic temperature of the second
/// paper, as SB3's sac.py), each a function of plain tensors so that a test can check the arithmetic:
/// <list type="bullet">
/// <item>target y = r + γ(1 − terminated)(min(Q'₁, Q'₂)(s', a') − α log π(a'|s')), a' ~ π(s'), no gradient;</item>
/// <item>critic loss ½(mean (Q₁(s, a) − y)² + mean (Q₂(s, a) − y)²);</item>
/// <item>actor loss mean(α log π(ã|s) − min(Q₁, Q₂)(s, ã)), ã ~ π(s) reparameterised;</item>
/// <item>temperature loss −mean(log α · (log π(ã|s) + target entropy)), log π detached: α rises while the entropy is below target.</item>
/// </list>
/// </summary>
public static class SacLoss
{
    // Every constant is a Scalar held to the end of its method: TorchSharp does not keep an implicit
    // Scalar alive through the native call, and a finalised one failed a run with "Unknown scalar type".
    public static Tensor Target(Tensor rewards, Tensor terminated, double gamma, Tensor nextQ1, Tensor nextQ2, Tensor nextLogProb, Tensor alpha)
    {
        using Scalar one = 1.0, discount = gamma;
        using Tensor alive = terminated.neg().Plus(one);
        using Tensor soft = minimum(nextQ1, nextQ2) - alpha * nextLogProb;
        return rewards.Plus(alive.mul(discount) * soft);
    }

    public static Tensor Critic(Tensor q1, Tensor q2, Tensor target)
    {
        using Scalar half = 0.5;
        Tensor e1 = q1 - target, e2 = q2 - target;
        return e1.mul(e1).mean().Plus(e2.mul(e2).mean()).mul(half);
    }

    public static Tensor Actor(Tensor alpha, Tensor logProb, Tensor q1, Tensor q2) =>
        (alpha * logProb - minimum(q1, q2)).mean();

    public static Tensor Temperature(Tensor logAlpha, Tensor logProb, double targetEntropy)
    {
        using Scalar target = targetEntropy;
        return (logAlpha * logProb.detach().Plus(target)).mean().neg();
    }
}
