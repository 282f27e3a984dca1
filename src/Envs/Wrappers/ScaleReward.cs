namespace RlLab.Envs.Wrappers;

/// <summary>
/// Gymnasium's NormalizeReward: keeps a discounted return G ← γ·G·(1 − terminated) + r, tracks its
/// running variance, and returns r / sqrt(var(G) + epsilon), clipped to ±<see cref="Clip"/>
/// (10 by default; +∞ turns it off). The mean is not subtracted, so the sign of rewards is kept.
/// As in Gymnasium, G restarts only at a termination (not at a truncation or a reset).
/// EpisodeStatistics below this wrapper still reports raw returns.
/// </summary>
public sealed class ScaleReward<TObs> : Wrapper<TObs> where TObs : unmanaged
{
    double _discounted;

    public ScaleReward(IEnv<TObs> inner, double gamma = 0.99, double epsilon = 1e-8, double clip = 10) : base(inner)
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

    /// <summary>When true, rewards are scaled with the current statistics but do not update them.</summary>
    public bool Frozen { get; set; }

    /// <summary>[count, mean, variance] as floats.</summary>
    public float[] GetStatistics() => Statistics.ToArray();

    public void SetStatistics(ReadOnlySpan<float> state) => Statistics.Load(state);

    public override StepResult Step(ReadOnlySpan<float> action, Span<TObs> observation)
    {
        StepResult r = Inner.Step(action, observation);
        _discounted = _discounted * Gamma * (r.Terminated ? 0 : 1) + r.Reward;
        if (!Frozen) Statistics.Update(_discounted);
        double scaled = r.Reward / Math.Sqrt(Statistics.Variance(0) + Epsilon);
        return r with { Reward = (float)Math.Clamp(scaled, -Clip, Clip) };
    }
}
