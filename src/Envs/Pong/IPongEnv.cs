using RlLab.Sim.Pong;

namespace RlLab.Envs.Pong;

/// <summary>What the viewer draws from and a match attaches its second player to.</summary>
public interface IPongEnv : IEnv
{
    PongGame Game { get; }
    int LastReward { get; }
    PongEnvConfig Config { get; }
    /// <summary>The left paddle's player; required under `opponent: policy`, ignored otherwise.</summary>
    IPongOpponent? Opponent { get; set; }
}
