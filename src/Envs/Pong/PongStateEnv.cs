using RlLab.Envs.Spaces;
using RlLab.Sim.Pong;

namespace RlLab.Envs.Pong;

/// <summary>
/// Pong with a state vector, for fast tests and small policies: ball x and y over the frame size,
/// ball vx and vy in pixels per frame over 4, the agent's and the opponent's paddle tops over the
/// height, and 1 while the ball is in play.
/// </summary>
public sealed class PongStateEnv : IEnv<float>, IPongEnv, IFrameSink
{
    public const int Size = 7;
    readonly PongCore _core;

    public PongStateEnv(PongEnvConfig config)
    {
        _core = new PongCore(config);
        ObservationSpace = Box.Uniform(-2, 2, [Size]);
    }

    public Space ObservationSpace { get; }
    public Space ActionSpace => PongCore.ActionSpace;
    public PongGame Game => _core.Game;
    public int LastReward => _core.LastReward;

    public void Reset(Span<float> observation, int? seed = null)
    {
        _core.Reset(seed);
        Write(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        StepResult r = _core.Advance((int)action[0], this, out _);
        Write(observation);
        return r;
    }

    void IFrameSink.DrawBeforeLast() { }

    void Write(Span<float> o)
    {
        PongGame g = _core.Game;
        o[6] = g.BallInPlay ? 1 : 0;
        o[0] = g.BallX / (float)PongLayout.Width;
        o[1] = g.BallY / (float)PongLayout.Height;
        o[2] = g.BallVx / 4;
        o[3] = g.BallVy / 4;
        o[4] = g.AgentY / (float)PongLayout.Height;
        o[5] = g.OpponentY / (float)PongLayout.Height;
    }
}
