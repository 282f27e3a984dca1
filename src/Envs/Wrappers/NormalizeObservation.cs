using RlLab.Envs.Spaces;

namespace RlLab.Envs.Wrappers;

/// <summary>
/// Gymnasium's NormalizeObservation: every observation (the reset one included) first updates a
/// per-element running mean and variance, then is returned as (obs - mean) / sqrt(var + epsilon),
/// clipped to ±<see cref="Clip"/> (10 by default, as SB3 and CleanRL do; +∞ turns it off).
/// Each env keeps its own statistics. Freeze them for evaluation, and save them with
/// <see cref="GetStatistics"/> / <see cref="SetStatistics"/> alongside a policy's weights.
/// </summary>
public sealed class NormalizeObservation : Wrapper<float>
{
    public NormalizeObservation(IEnv<float> inner, double epsilon = 1e-8, double clip = 10) : base(inner)
    {
        if (inner.ObservationSpace is not Box { DType: DType.Float32 } box)
            throw new ArgumentException($"NormalizeObservation needs a float Box observation space, got {inner.ObservationSpace}");
        ArgumentOutOfRangeException.ThrowIfNegative(epsilon);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clip);
        Epsilon = epsilon;
        Clip = clip;
        Statistics = new RunningMeanStd(box.FlatSize);
        ObservationSpace = Box.Uniform((float)-clip, (float)clip, [.. box.Shape]);
    }

    public double Epsilon { get; }
    public double Clip { get; }
    public RunningMeanStd Statistics { get; }

    /// <summary>When true, observations are normalised with the current statistics but do not update them.</summary>
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
        ReadOnlySpan<double> mean = Statistics.Mean;
        double clip = Clip;
        for (int i = 0; i < obs.Length; i++)
        {
            double z = (obs[i] - mean[i]) / Math.Sqrt(Statistics.Variance(i) + Epsilon);
            obs[i] = (float)Math.Clamp(z, -clip, clip);
        }
    }
}
