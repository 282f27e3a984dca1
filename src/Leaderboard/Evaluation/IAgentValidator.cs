namespace RlLab.Leaderboard.Evaluation;

/// <summary>The first gate at upload: is the file a well-formed agent for this env? A refusal is one line.</summary>
public interface IAgentValidator
{
    /// <returns>null when the file is fine, else the reason it is refused.</returns>
    string? Validate(string path, string envId);
}
