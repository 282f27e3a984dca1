namespace RlLab.Agents.Evaluation;

/// <summary>
/// An exception inside a policy's forward pass while it plays (a leaderboard race, an evaluation): the
/// agent's failure, which a race charges to the agent, unlike a crash of the server's own code.
/// </summary>
public sealed class PolicyFailedException(Exception inner) : Exception($"the policy failed: {inner.Message}", inner);
