using RlLab.Agents.Matches;

namespace RlLab.Leaderboard.Races;

/// <summary>What the server writes to the match child's stdin: the league, the match's first seed and each agent's thinking time.</summary>
public sealed record MatchInput(Race Race, int Seed, double ThinkSeconds);

/// <summary>Which agent lost the match by failing, and why (one line, shown on the match page).</summary>
public sealed record MatchForfeit(bool First, string Reason);

/// <summary>
/// What the match child prints on stdout: the games played (all of them, or those before a forfeit),
/// the forfeit if an agent failed, and a replay of the first game.
/// </summary>
public sealed record MatchOutput(IReadOnlyList<PongGameResult> Games, MatchForfeit? Forfeit, PongReplay? Replay)
{
    public int FirstPoints => Games.Sum(g => g.FirstPoints);
    public int SecondPoints => Games.Sum(g => g.SecondPoints);
}

/// <summary>
/// One Pong game as the page replays it: per agent step, the ball (x, y), the right and left paddles'
/// y and the right and left scores, in screen pixels (<see cref="Width"/> × <see cref="Height"/>).
/// </summary>
public sealed record PongReplay(int Seed, bool FirstOnRight, int Width, int Height, IReadOnlyList<int[]> Frames);
