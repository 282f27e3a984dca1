namespace RlLab.Leaderboard.Evaluation;

/// <summary>An exception inside the agent's policy during a race: the agent's failure, charged to it (unlike a crash of the server's code).</summary>
public sealed class PolicyFault(Exception inner) : Exception($"the policy failed: {inner.Message}", inner);
