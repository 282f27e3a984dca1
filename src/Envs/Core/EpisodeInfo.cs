namespace RlLab.Envs;

/// <summary>
/// Statistics of one finished episode. Return and length are filled by the EpisodeStatistics
/// wrapper; environments that know more (driving: distance, laps, lap time, the cause of the end)
/// fill the rest through <see cref="IEnv.FillEpisodeInfo"/>. NaN means "not reported".
/// </summary>
public record struct EpisodeInfo
{
    public double Return;
    public int Length;
    public double Distance;
    public int Laps;
    public double BestLapTime;
    /// <summary>Why the episode ended, e.g. "offroad", "heading", "pole_fell", "time_limit". A constant string: no allocation.</summary>
    public string? EndReason;
    /// <summary>The track seed or name, when the env has one.</summary>
    public string? Track;

    /// <summary>
    /// The env-specific numbers of the episode by name (the extra columns of episodes.csv, TensorBoard's
    /// episode/NAME), so that generic logs name no env's fields. Empty for an env that reports none.
    /// </summary>
    public readonly (string Name, double Value)[] Metrics() => double.IsNaN(Distance)
        ? []
        : [("distance", Distance), ("laps", Laps), ("best_lap_time", BestLapTime)];

    public static EpisodeInfo Empty => new() { Distance = double.NaN, BestLapTime = double.NaN };
}
