namespace RlLab.Envs.Wrappers;

/// <summary>
/// The arithmetic of Gymnasium's NormalizeReward, shared by the per-env <see cref="ScaleReward{TObs}"/>
/// and the vector env's shared statistics: each env keeps a discounted return
/// G ← γ·G·(1 − terminated) + r, one running variance of G is kept for all of them, and a reward
/// becomes r / sqrt(var(G) + epsilon), clipped to ±clip. The mean is not subtracted, so the sign of
/// rewards is kept; G restarts only at a termination (not at a truncation or a reset).
/// </summary>
public sealed class RewardScaler
{
    public RewardScaler(double gamma = 0.99, double epsilon = 1e-8, double clip = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gamma);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gamma, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegative(epsilon);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clip);
        Gamma = gamma;
        Epsilon = epsilon;
        Clip = clip;
    }

    public double Gamma { get; }
    public double Epsilon { get; }
    public double Clip { get; }
    /// <summary>The statistics of the discounted return (size 1).</summary>
    public RunningMeanStd Statistics { get; } = new(1);

    /// <summary>The next discounted return of one env.</summary>
    public double Discount(double discounted, float reward, bool terminated) => discounted * Gamma * (terminated ? 0 : 1) + reward;

    /// <summary>A reward scaled by the current statistics.</summary>
    public float Scale(float reward) => (float)Math.Clamp(reward / Math.Sqrt(Statistics.Variance(0) + Epsilon), -Clip, Clip);
}
