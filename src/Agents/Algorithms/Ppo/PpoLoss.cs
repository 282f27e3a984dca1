using RlLab.Agents.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Algorithms;

/// <summary>
/// The per-minibatch arithmetic of PPO's update (CleanRL's ppo.py), apart from the loop so that each
/// rule can be checked on a batch built by hand. Every constant is a held Scalar (<see cref="HeldScalars"/>).
/// </summary>
public static class PpoLoss
{
    /// <summary>Zero mean, unit (sample, n − 1) standard deviation over the minibatch it is given.</summary>
    public static Tensor NormalizeAdvantages(Tensor advantages)
    {
        using Scalar eps = 1e-8;
        return advantages.sub(advantages.mean()).div(advantages.std().Plus(eps));
    }

    /// <summary>The clipped surrogate objective as a loss: mean of max(−A·r, −A·clip(r, 1 ± ε)).</summary>
    public static Tensor PolicyLoss(Tensor advantages, Tensor ratio, double clipCoef)
    {
        using Scalar low = 1 - clipCoef, high = 1 + clipCoef;
        Tensor negated = advantages.neg();
        return maximum(negated.mul(ratio), negated.mul(ratio.clamp(low, high))).mean();
    }

    /// <summary>
    /// ½·mean((V − R)²); with <paramref name="oldValue"/>, the pessimistic ½·mean(max((V − R)², (V_clip − R)²))
    /// where V_clip = V_old + clip(V − V_old, ±ε): past ε from the rollout's value, a move toward the
    /// return no longer lowers the loss.
    /// </summary>
    public static Tensor ValueLoss(Tensor value, Tensor returns, Tensor? oldValue, double clipCoef)
    {
        using Scalar half = 0.5, low = -clipCoef, high = clipCoef;
        Tensor error = value.sub(returns);
        if (oldValue is null) return error.mul(error).mean().mul(half);
        Tensor clipped = oldValue.Plus(value.sub(oldValue).clamp(low, high)).sub(returns);
        return maximum(error.mul(error), clipped.mul(clipped)).mean().mul(half);
    }

    /// <summary>The fraction of samples whose ratio is more than ε from 1.</summary>
    public static Tensor ClipFraction(Tensor ratio, double clipCoef)
    {
        using var _ = no_grad();
        using Scalar epsilon = clipCoef;
        return ratio.sub(HeldScalars.One).abs().gt(epsilon).to(ScalarType.Float32).mean();
    }

    /// <summary>
    /// The k3 estimator of KL(old‖new), mean((r − 1) − log r) (Schulman, "Approximating KL divergence"),
    /// from the ratio r = exp(log r) the surrogate already computed.
    /// </summary>
    public static Tensor ApproxKl(Tensor logRatio, Tensor ratio)
    {
        using var _ = no_grad();
        return ratio.sub(HeldScalars.One).sub(logRatio).mean();
    }
}
