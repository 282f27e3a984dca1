using RlLab.Agents.Policies;

namespace RlLab.Leaderboard.Evaluation;

/// <summary>Validates an agent by loading it as a policy (a checkpoint, or a bundle once LoadedPolicy reads them) and checking its env.</summary>
public sealed class CheckpointValidator : IAgentValidator
{
    public string? Validate(string path, string envId)
    {
        try
        {
            using var policy = LoadedPolicy.Load(path);
            return string.Equals(policy.Config.Env.Id, envId, StringComparison.OrdinalIgnoreCase)
                ? null : $"the agent plays {policy.Config.Env.Id}, this race needs {envId}";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            string first = e.Message.Split('\n')[0];
            return $"not a valid agent: {first.Replace(path, "agent", StringComparison.Ordinal)}";
        }
    }
}
