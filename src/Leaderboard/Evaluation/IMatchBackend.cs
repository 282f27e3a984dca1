using RlLab.Leaderboard.Races;

namespace RlLab.Leaderboard.Evaluation;

/// <summary>The outcome of one match child: its output (a forfeit included), or why it failed and whose failure it was.</summary>
public sealed record MatchChildOutcome(MatchOutput? Output, string? Failure, bool ServerFault)
{
    public static MatchChildOutcome Server(string why) => new(null, why, true);
}

/// <summary>
/// Where a league match runs: one sandboxed child loads both bundles and plays every game
/// (<see cref="EvaluationChild"/>), so both agents live under the same limits.
/// </summary>
public interface IMatchBackend
{
    Task<MatchChildOutcome> PlayAsync(string firstBundle, string secondBundle, Race league, int seed, CancellationToken ct);
}
