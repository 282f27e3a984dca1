namespace RlLab.Envs.Wrappers;

/// <summary>
/// The arithmetic of observation normalisation, shared by the per-env <see cref="NormalizeObservation"/>
/// (evaluation, the viewer) and the vector env's shared statistics (training): a running mean and
/// variance per element, and z = (x − mean) / sqrt(var + epsilon) clipped to ±clip.
/// </summary>
public sealed class ObservationNormalizer
{
    public ObservationNormalizer(int size, double epsilon = 1e-8, double clip = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epsilon);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clip);
        Epsilon = epsilon;
        Clip = clip;
        Statistics = new RunningMeanStd(size);
    }

    public double Epsilon { get; }
    public double Clip { get; }
    public RunningMeanStd Statistics { get; }

    /// <summary>Normalises <paramref name="obs"/> in place with the current statistics.</summary>
    public void Normalize(Span<float> obs)
    {
        ReadOnlySpan<double> mean = Statistics.Mean;
        double clip = Clip;
        for (int i = 0; i < obs.Length; i++)
        {
            double z = (obs[i] - mean[i]) / Math.Sqrt(Statistics.Variance(i) + Epsilon);
            obs[i] = (float)Math.Clamp(z, -clip, clip);
        }
    }
}
