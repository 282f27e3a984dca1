namespace RlLab.Leaderboard.League;

/// <summary>One agent's place in the league: its rating and record, and its conservative estimate after each match.</summary>
public sealed record LeagueStanding(string Agent, Rating Rating, int Matches, int Wins, int Losses, int Draws, IReadOnlyList<(long MatchId, double Ordinal)> History)
{
    /// <summary>What the table ranks by: μ − 3σ.</summary>
    public double Ordinal => Rating.Ordinal;
}

/// <summary>
/// The league's ratings, recomputed from the match log alone: every agent starts at OpenSkill's
/// default (25, 25/3) and the matches are replayed in log order, each game of a match one update
/// (<see cref="LeagueMatch.RatedResults"/>); the record (wins, losses) counts matches. A restart therefore gives the same
/// table, and a disqualified agent is taken out by replaying the log without its matches.
/// </summary>
public static class LeagueTable
{
    /// <param name="entrants">Agents in the league, rated or not (an entrant without matches stands at the default).</param>
    /// <param name="excluded">Agents whose matches do not count (disqualified).</param>
    public static IReadOnlyList<LeagueStanding> Recompute(IEnumerable<LeagueMatch> log, IEnumerable<string> entrants, IReadOnlySet<string>? excluded = null)
    {
        excluded ??= new HashSet<string>();
        var state = new Dictionary<string, Builder>(StringComparer.Ordinal);
        Builder Of(string agent) => state.TryGetValue(agent, out Builder? b) ? b : state[agent] = new Builder(agent);
        foreach (string e in entrants.Where(e => !excluded.Contains(e))) Of(e);
        foreach (LeagueMatch m in log.OrderBy(m => m.Id))
        {
            if (excluded.Contains(m.First) || excluded.Contains(m.Second)) continue;
            if (m.First == m.Second) throw new InvalidDataException($"match {m.Id}: {m.First} against itself");
            Builder a = Of(m.First), b = Of(m.Second);
            Rating ra = a.Rating, rb = b.Rating;
            // One update per rated result. Places: 1 for the winner, 2 for the loser; a draw shares place 1.
            foreach (int game in m.RatedResults)
                (ra, rb) = OpenSkill.Rate(ra, rb, game < 0 ? 2 : 1, game > 0 ? 2 : 1);
            a.Record(m.Id, ra, m.Result);
            b.Record(m.Id, rb, -m.Result);
        }
        return [.. state.Values.Select(b => b.Build())
            .OrderByDescending(s => s.Ordinal).ThenByDescending(s => s.Wins).ThenBy(s => s.Agent, StringComparer.Ordinal)];
    }

    sealed class Builder(string agent)
    {
        readonly List<(long, double)> _history = [];
        public Rating Rating { get; private set; } = Rating.Default;
        int _wins, _losses, _draws;

        public void Record(long id, Rating rating, int result)
        {
            Rating = rating;
            if (result > 0) _wins++;
            else if (result < 0) _losses++;
            else _draws++;
            _history.Add((id, rating.Ordinal));
        }

        public LeagueStanding Build() => new(agent, Rating, _wins + _losses + _draws, _wins, _losses, _draws, _history);
    }
}
