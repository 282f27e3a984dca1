namespace RlLab.Leaderboard.League;

/// <summary>How a league match ended.</summary>
public enum MatchOutcome
{
    /// <summary>Both agents played every game; the points decide.</summary>
    Played,
    /// <summary>The first agent errored or broke a limit: it loses, whatever the points.</summary>
    FirstForfeits,
    /// <summary>The second agent errored or broke a limit.</summary>
    SecondForfeits,
}

/// <summary>
/// One entry of the league's match log, from which the ratings are recomputed. <see cref="Id"/> orders
/// the log (the order the matches were played in); points are summed over the match's games.
/// </summary>
public sealed record LeagueMatch(long Id, string First, string Second, int FirstPoints, int SecondPoints, MatchOutcome Outcome = MatchOutcome.Played)
{
    /// <summary>+1 when the first agent won the match, −1 when the second did, 0 for a draw.</summary>
    public int Result => Outcome switch
    {
        MatchOutcome.FirstForfeits => -1,
        MatchOutcome.SecondForfeits => 1,
        _ => Math.Sign(FirstPoints - SecondPoints),
    };
}
