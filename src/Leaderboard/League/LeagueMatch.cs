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
    /// <summary>Each game's result from the first agent's side (+1, −1, 0 for a level time-out), in play order; null when only the totals are known.</summary>
    public IReadOnlyList<int>? GameOutcomes { get; init; }

    /// <summary>
    /// The results the ratings learn from: every game of a played match (a match of N games is N
    /// pieces of evidence, so σ can reach the settling threshold in tens of matches, not hundreds), or
    /// the match's result alone (a forfeit, or a log without games).
    /// </summary>
    public IReadOnlyList<int> RatedResults => Outcome == MatchOutcome.Played && GameOutcomes is { Count: > 0 } games ? games : [Result];

    /// <summary>+1 when the first agent won the match, −1 when the second did, 0 for a draw.</summary>
    public int Result => Outcome switch
    {
        MatchOutcome.FirstForfeits => -1,
        MatchOutcome.SecondForfeits => 1,
        _ => Math.Sign(FirstPoints - SecondPoints),
    };
}
