namespace RlLab.Envs.Wrappers;

/// <summary>
/// Gymnasium's NormalizeReward for one env (<see cref="RewardScaler"/>): rewards divided by the
/// running standard deviation of the discounted return, clipped to ±<see cref="Clip"/> (10 by
/// default; +∞ turns it off). EpisodeStatistics below this wrapper still reports raw returns.
/// Training shares one set of statistics across a vector env instead (<see cref="Vector.VectorNormalization"/>).
/// </summary>
public sealed class ScaleReward<TObs> : Wrapper<TObs>, IStatisticsWrapper where TObs : unmanaged
{
    readonly RewardScaler _scaler;
    double _discounted;

    public ScaleReward(IEnv<TObs> inner, double gamma = 0.99, double epsilon = 1e-8, double clip = 10) : base(inner) =>
        _scaler = new RewardScaler(gamma, epsilon, clip);

    public double Gamma => _scaler.Gamma;
    public double Epsilon => _scaler.Epsilon;
    public double Clip => _scaler.Clip;
    /// <summary>The statistics of the discounted return (size 1).</summary>
    public RunningMeanStd Statistics => _scaler.Statistics;

    public bool Frozen { get; set; }

    /// <summary>[count, mean, variance] as floats.</summary>
    public float[] GetStatistics() => Statistics.ToArray();

    public void SetStatistics(ReadOnlySpan<float> state) => Statistics.Load(state);

    public override StepResult Step(ReadOnlySpan<float> action, Span<TObs> observation)
    {
        StepResult r = Inner.Step(action, observation);
        _discounted = _scaler.Discount(_discounted, r.Reward, r.Terminated);
        if (!Frozen) Statistics.Update(_discounted);
        return r with { Reward = _scaler.Scale(r.Reward) };
    }
}
