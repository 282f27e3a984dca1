using RlLab.Sim.Pong;

namespace RlLab.Envs.Pong;

/// <summary>The read-only view of a Pong env that the viewer draws from.</summary>
public interface IPongEnv : IEnv
{
    PongGame Game { get; }
    int LastReward { get; }
}
