namespace RlLab.Leaderboard.League;

/// <summary>
/// Picks the league's next match. An agent with fewer than <see cref="MinMatches"/> matches plays first
/// (the fewest first); otherwise an agent whose σ is still at or above <see cref="SettledSigma"/>. Its
/// opponent is the one with the best match quality (OpenSkill.Quality, TrueSkill's draw probability),
/// never a pair whose σ are both below the threshold once both have played their minimum: such a pair
/// has nothing left to teach the ratings. Null when the league is settled. Ties go to the name, so the
/// choice is deterministic.
/// </summary>
public sealed class Matchmaker(int minMatches = 10, double settledSigma = 1.4)
{
    public int MinMatches { get; } = minMatches;
    public double SettledSigma { get; } = settledSigma;

    public (string First, string Second)? Next(IReadOnlyList<LeagueStanding> standings)
    {
        if (standings.Count < 2) return null;
        IEnumerable<LeagueStanding> order = standings
            .OrderBy(s => Math.Min(s.Matches, MinMatches))
            .ThenByDescending(s => s.Rating.Sigma)
            .ThenBy(s => s.Agent, StringComparer.Ordinal);
        foreach (LeagueStanding a in order)
        {
            // A new entrant plays anyone; an open agent's pairs are not both settled.
            if (a.Matches >= MinMatches && !Open(a)) continue;
            LeagueStanding? best = standings
                .Where(b => b.Agent != a.Agent)
                .OrderByDescending(b => OpenSkill.Quality(a.Rating, b.Rating))
                .ThenBy(b => b.Agent, StringComparer.Ordinal)
                .FirstOrDefault();
            if (best is not null) return (a.Agent, best.Agent);
        }
        return null;
    }

    /// <summary>Still uncertain: worth another match.</summary>
    bool Open(LeagueStanding s) => s.Rating.Sigma >= SettledSigma;
}
