using RlLab.Leaderboard.Races;

namespace RlLab.Leaderboard.Evaluation;

/// <summary>
/// The gate's answer: <see cref="Failure"/> is the one-line reason a file is refused (null: accepted);
/// <see cref="Note"/> tells an accepted agent what the race changes (the world options it ignores).
/// </summary>
public sealed record AgentVerdict(string? Failure, string? Note = null)
{
    public static AgentVerdict Accepted { get; } = new(Failure: null);
}

/// <summary>The first gate at upload: is the file a well-formed agent for this race?</summary>
public interface IAgentValidator
{
    AgentVerdict Validate(string path, Race race);
}
