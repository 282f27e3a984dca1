namespace RlLab.Agents.Matches;

/// <summary>
/// One agent of a match failed while acting (its policy threw, ran out of memory, or used up its thinking
/// time): <see cref="First"/> says which, so a league charges that agent alone with the lost match.
/// </summary>
public sealed class MatchAgentFailedException(bool first, string reason, Exception? inner = null)
    : Exception(reason, inner)
{
    public bool First { get; } = first;
}
