using RlLab.Agents.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Algorithms;

/// <summary>
/// A2C's loss on one batch, as SB3's a2c.py: the policy gradient −mean(A · log π(a|s)), the value
/// loss mean((R − V(s))²) with R = A + V_old the returns, and the entropy bonus:
/// loss = policy_loss − entropy_coef · mean(entropy) + value_coef · value_loss.
/// </summary>
public static class A2cLoss
{
    public static Tensor PolicyLoss(Tensor advantages, Tensor logProb) => -(advantages * logProb).mean();

    public static Tensor ValueLoss(Tensor values, Tensor returns)
    {
        Tensor error = returns.sub(values);
        return error.mul(error).mean();
    }

    /// <summary>The sum, with held Scalars (<see cref="HeldScalars"/>).</summary>
    public static Tensor Total(Tensor policyLoss, Tensor valueLoss, Tensor entropy, double valueCoef, double entropyCoef)
    {
        using Scalar e = entropyCoef, v = valueCoef;
        return policyLoss.sub(entropy.mean().mul(e)).Plus(valueLoss.mul(v));
    }
}
