namespace RlLab.Agents.Matches;

/// <summary>One game of a match: its seed, who held the right paddle, and the points of each agent.</summary>
public sealed record PongGameResult(int Seed, bool FirstOnRight, int FirstPoints, int SecondPoints, int Steps)
{
    /// <summary>+1 when the first agent won the game, −1 when the second did, 0 for a game cut at the time-out with the score level.</summary>
    public int Outcome => Math.Sign(FirstPoints - SecondPoints);
}

/// <summary>A match between two agents: its games and the totals, from the first agent's side.</summary>
public sealed record PongMatchResult(IReadOnlyList<PongGameResult> Games)
{
    public int FirstWins => Games.Count(g => g.Outcome > 0);
    public int SecondWins => Games.Count(g => g.Outcome < 0);
    public int FirstPoints => Games.Sum(g => g.FirstPoints);
    public int SecondPoints => Games.Sum(g => g.SecondPoints);
}
