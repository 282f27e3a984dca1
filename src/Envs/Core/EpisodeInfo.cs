namespace RlLab.Envs;

/// <summary>
/// Statistics of one finished episode. Return and length are filled by the EpisodeStatistics
/// wrapper; environments that know more add their own numbers by name (<see cref="AddMetric"/>),
/// the cause of the end and the track through <see cref="IEnv.FillEpisodeInfo"/>. The metrics are
/// held inline (up to <see cref="MaxMetrics"/>), so finishing an episode allocates nothing.
/// </summary>
public record struct EpisodeInfo
{
    public const int MaxMetrics = 4;

    public double Return;
    public int Length;
    /// <summary>Why the episode ended, e.g. "offroad", "heading", "pole_fell", "time_limit". A constant string: no allocation.</summary>
    public string? EndReason;
    /// <summary>The track seed or name, when the env has one.</summary>
    public string? Track;
    EpisodeMetric _m0, _m1, _m2, _m3;
    int _metricCount;

    /// <summary>Adds (or replaces) the env metric <paramref name="name"/> (a constant string: no allocation).</summary>
    public void AddMetric(string name, double value)
    {
        for (int i = 0; i < _metricCount; i++)
            if (At(i).Name == name) { Set(i, new(name, value)); return; }
        if (_metricCount == MaxMetrics) throw new InvalidOperationException($"an episode holds at most {MaxMetrics} env metrics");
        Set(_metricCount++, new(name, value));
    }

    /// <summary>
    /// The env-specific numbers of the episode by name, in the order added (the extra columns of
    /// episodes.csv, TensorBoard's episode/NAME, eval.json's rows), so that generic logs name no env's fields.
    /// </summary>
    public readonly EpisodeMetric[] Metrics()
    {
        var metrics = new EpisodeMetric[_metricCount];
        for (int i = 0; i < _metricCount; i++) metrics[i] = At(i);
        return metrics;
    }

    /// <summary>The env metric called <paramref name="name"/>, or NaN when the env did not report it.</summary>
    public readonly double Metric(string name)
    {
        for (int i = 0; i < _metricCount; i++)
            if (At(i).Name == name) return At(i).Value;
        return double.NaN;
    }

    readonly EpisodeMetric At(int i) => i switch { 0 => _m0, 1 => _m1, 2 => _m2, _ => _m3 };

    void Set(int i, EpisodeMetric m)
    {
        switch (i)
        {
            case 0: _m0 = m; break;
            case 1: _m1 = m; break;
            case 2: _m2 = m; break;
            default: _m3 = m; break;
        }
    }

    public static EpisodeInfo Empty => new();
}
