namespace RlLab.Envs;

/// <summary>
/// Statistics of one finished episode. Return and length are filled by the EpisodeStatistics
/// wrapper; environments that know more add their own numbers by name (<see cref="AddMetric"/>),
/// the cause of the end and the track through <see cref="IEnv.FillEpisodeInfo"/>. The metrics are
/// held inline (up to <see cref="MaxMetrics"/>), so finishing an episode allocates nothing.
/// </summary>
public record struct EpisodeInfo
{
    public const int MaxMetrics = 12;

    public double Return;
    public int Length;
    /// <summary>Why the episode ended, e.g. "offroad", "heading", "pole_fell", "time_limit". A constant string: no allocation.</summary>
    public string? EndReason;
    /// <summary>The track seed or name, when the env has one.</summary>
    public string? Track;
    MetricSlots _metrics;
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

    readonly EpisodeMetric At(int i) => _metrics[i];

    void Set(int i, EpisodeMetric m) => _metrics[i] = m;

    /// <summary>The metrics inline, so an EpisodeInfo stays a value with no array behind it.</summary>
    [System.Runtime.CompilerServices.InlineArray(MaxMetrics)]
    struct MetricSlots : IEquatable<MetricSlots>
    {
        EpisodeMetric _first;

        // ValueType.Equals would compare only the declared field; a record's equality must see every slot.
        public readonly bool Equals(MetricSlots other)
        {
            for (int i = 0; i < MaxMetrics; i++)
                if (this[i] != other[i]) return false;
            return true;
        }

        public override readonly bool Equals(object? obj) => obj is MetricSlots o && Equals(o);

        public override readonly int GetHashCode()
        {
            var hash = new HashCode();
            for (int i = 0; i < MaxMetrics; i++) hash.Add(this[i]);
            return hash.ToHashCode();
        }
    }

    public static EpisodeInfo Empty => new();
}
