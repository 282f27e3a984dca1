namespace RlLab.Sim.Pong;

/// <summary>ALE's minimal action set for Pong. RIGHT moves the agent's paddle up, LEFT down.</summary>
public enum PongAction
{
    Noop = 0,
    Fire = 1,
    Right = 2,
    Left = 3,
    RightFire = 4,
    LeftFire = 5,
}
