using RlLab.Leaderboard.Races;

namespace RlLab.Leaderboard.League;

/// <summary>How a match child's output enters the log: a forfeit loses the match, else the points decide.</summary>
public static class LeagueResult
{
    public static MatchOutcome Of(MatchOutput output) => output.Forfeit switch
    {
        null => MatchOutcome.Played,
        { First: true } => MatchOutcome.FirstForfeits,
        _ => MatchOutcome.SecondForfeits,
    };
}
