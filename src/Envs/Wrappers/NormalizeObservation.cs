using RlLab.Envs.Spaces;

namespace RlLab.Envs.Wrappers;

/// <summary>
/// Gymnasium's NormalizeObservation for one env: every observation (the reset one included) first
/// updates a per-element running mean and variance, then is normalised (<see cref="ObservationNormalizer"/>),
/// clipped to ±<see cref="Clip"/> (10 by default, as SB3 and CleanRL do; +∞ turns it off).
/// Training does not use this per-env form: a vector env shares one set of statistics across its
/// envs (<see cref="Vector.VectorNormalization"/>). Evaluation and the viewer use it frozen, with
/// the statistics of a checkpoint (<see cref="SetStatistics"/>).
/// </summary>
public sealed class NormalizeObservation : Wrapper<float>, IStatisticsWrapper
{
    readonly ObservationNormalizer _normalizer;

    public NormalizeObservation(IEnv<float> inner, double epsilon = 1e-8, double clip = 10) : base(inner)
    {
        if (inner.ObservationSpace is not Box { DType: DType.Float32 } box)
            throw new ArgumentException($"NormalizeObservation needs a float Box observation space, got {inner.ObservationSpace}");
        _normalizer = new ObservationNormalizer(box.FlatSize, epsilon, clip);
        ObservationSpace = NormalizedSpace(box, clip);
    }

    /// <summary>The space of normalised observations: the shape kept, every value in ±clip.</summary>
    public static Box NormalizedSpace(Box raw, double clip) => Box.Uniform((float)-clip, (float)clip, [.. raw.Shape]);

    public double Epsilon => _normalizer.Epsilon;
    public double Clip => _normalizer.Clip;
    public RunningMeanStd Statistics => _normalizer.Statistics;

    public bool Frozen { get; set; }

    public override Space ObservationSpace { get; }

    /// <summary>[count, means, variances] as floats (see <see cref="RunningMeanStd.CopyTo"/>).</summary>
    public float[] GetStatistics() => Statistics.ToArray();

    public void SetStatistics(ReadOnlySpan<float> state) => Statistics.Load(state);

    public override void Reset(Span<float> observation, int? seed = null)
    {
        Inner.Reset(observation, seed);
        Normalize(observation);
    }

    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        StepResult r = Inner.Step(action, observation);
        Normalize(observation);
        return r;
    }

    void Normalize(Span<float> obs)
    {
        if (!Frozen) Statistics.Update(obs);
        _normalizer.Normalize(obs);
    }
}
