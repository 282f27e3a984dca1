namespace RlLab.Leaderboard.League;

/// <summary>
/// Picks the league's next match. An agent with fewer than <see cref="MinMatches"/> matches plays first
/// (the fewest first), against anyone; otherwise an agent whose σ is still at or above <see cref="SettledSigma"/>.
/// Its opponent is the one with the best match quality (OpenSkill.Quality, TrueSkill's draw probability).
/// Once both have played their minimum, a pair is not scheduled when both σ are below the threshold, nor
/// when its quality is below <see cref="MinQuality"/>: the result is foregone, and a foregone result
/// teaches the ratings almost nothing (its update shrinks σ by a factor of p(1 − p)). Null when the league
/// is settled. Ties go to the name, so the choice is deterministic.
/// </summary>
public sealed class Matchmaker(int minMatches = 10, double settledSigma = 1.4, double minQuality = 0.05)
{
    public int MinMatches { get; } = minMatches;
    public double SettledSigma { get; } = settledSigma;
    public double MinQuality { get; } = minQuality;

    public (string First, string Second)? Next(IReadOnlyList<LeagueStanding> standings)
    {
        if (standings.Count < 2) return null;
        IEnumerable<LeagueStanding> order = standings
            .OrderBy(s => Math.Min(s.Matches, MinMatches))
            .ThenByDescending(s => s.Rating.Sigma)
            .ThenBy(s => s.Agent, StringComparer.Ordinal);
        foreach (LeagueStanding a in order)
        {
            if (a.Matches >= MinMatches && !Open(a)) continue;
            LeagueStanding? best = standings
                .Where(b => b.Agent != a.Agent && Worth(a, b))
                .OrderByDescending(b => OpenSkill.Quality(a.Rating, b.Rating))
                .ThenBy(b => b.Agent, StringComparer.Ordinal)
                .FirstOrDefault();
            if (best is not null) return (a.Agent, best.Agent);
        }
        return null;
    }

    /// <summary>A new entrant plays anyone; two established agents only while one is uncertain and the match is not foregone.</summary>
    bool Worth(LeagueStanding a, LeagueStanding b) =>
        a.Matches < MinMatches || b.Matches < MinMatches || ((Open(a) || Open(b)) && OpenSkill.Quality(a.Rating, b.Rating) >= MinQuality);

    /// <summary>Still uncertain: worth another match.</summary>
    bool Open(LeagueStanding s) => s.Rating.Sigma >= SettledSigma;
}
