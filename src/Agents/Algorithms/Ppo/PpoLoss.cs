using static TorchSharp.torch;

namespace RlLab.Agents.Algorithms;

/// <summary>
/// The per-minibatch arithmetic of PPO's update (CleanRL's ppo.py), apart from the loop so that each
/// rule can be checked on a batch built by hand.
/// </summary>
public static class PpoLoss
{
    /// <summary>Zero mean, unit (sample, n − 1) standard deviation over the minibatch it is given.</summary>
    public static Tensor NormalizeAdvantages(Tensor advantages) =>
        (advantages - advantages.mean()) / (advantages.std() + 1e-8);

    /// <summary>The clipped surrogate objective as a loss: mean of max(−A·r, −A·clip(r, 1 ± ε)).</summary>
    public static Tensor PolicyLoss(Tensor advantages, Tensor ratio, double clipCoef)
    {
        Tensor negated = -advantages;
        return maximum(negated * ratio, negated * ratio.clamp(1 - clipCoef, 1 + clipCoef)).mean();
    }

    /// <summary>
    /// ½·mean((V − R)²); with <paramref name="oldValue"/>, the pessimistic ½·mean(max((V − R)², (V_clip − R)²))
    /// where V_clip = V_old + clip(V − V_old, ±ε): past ε from the rollout's value, a move toward the
    /// return no longer lowers the loss.
    /// </summary>
    public static Tensor ValueLoss(Tensor value, Tensor returns, Tensor? oldValue, double clipCoef)
    {
        if (oldValue is null) return 0.5 * (value - returns).square().mean();
        Tensor clipped = oldValue + (value - oldValue).clamp(-clipCoef, clipCoef);
        return 0.5 * maximum((value - returns).square(), (clipped - returns).square()).mean();
    }

    /// <summary>The fraction of samples whose ratio is more than ε from 1.</summary>
    public static Tensor ClipFraction(Tensor ratio, double clipCoef)
    {
        using var _ = no_grad();
        return ((ratio - 1.0).abs() > clipCoef).to(ScalarType.Float32).mean();
    }

    /// <summary>
    /// The k3 estimator of KL(old‖new), mean((r − 1) − log r) (Schulman, "Approximating KL divergence"),
    /// from the ratio r = exp(log r) the surrogate already computed.
    /// </summary>
    public static Tensor ApproxKl(Tensor logRatio, Tensor ratio)
    {
        using var _ = no_grad();
        return ((ratio - 1) - logRatio).mean();
    }
}
