namespace RlLab.Envs.Pong;

/// <summary>What both Pong envs do with an attached opponent.</summary>
public static class PongOpponents
{
    /// <summary>The opponent to ask under `opponent: policy` (an error when none is attached), null under the built-in one.</summary>
    public static IPongOpponent? Required(PongEnvConfig config, IPongOpponent? opponent)
    {
        if (config.Opponent == PongOpponentKind.Builtin) return null;
        return opponent ?? throw new InvalidOperationException(
            "Pong with opponent: policy has no second player attached; it plays in a match (`rllab match`, the pong-league race) or in self-play training");
    }

    /// <summary>The left player's view of a step's result: the same ending, the reward negated.</summary>
    public static StepResult Mirror(StepResult r) => r with { Reward = -r.Reward };
}
