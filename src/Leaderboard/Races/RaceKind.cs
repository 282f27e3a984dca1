namespace RlLab.Leaderboard.Races;

/// <summary>How a race turns episodes into a ranking. Pong against the CPU, obstacles and head-to-head come next.</summary>
public enum RaceKind
{
    /// <summary>Driving: up to N laps per hidden track under the MIT crash rule.</summary>
    TimeTrial,
    /// <summary>The mean episode return over the hidden seeds.</summary>
    MeanReturn,
}
