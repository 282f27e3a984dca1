using RlLab.Envs.Spaces;
using RlLab.Sim.Pong;

namespace RlLab.Envs.Pong;

/// <summary>
/// Pong with a state vector, for fast tests and small policies: ball x and y, ball vx and vy in
/// pixels per frame over 4, the agent's and the opponent's paddle tops, 1 while the ball is in
/// play, and the ball's height relative to the agent's paddle centre. Positions are centred on the
/// playfield and scaled by 80 px, so that they lie in about [−1, 1].
/// </summary>
public sealed class PongStateEnv : IEnv<float>, IPongEnv, IFrameSink
{
    public const int Size = 8;
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
        const float cx = PongLayout.Width / 2f, cy = (PongLayout.FieldTop + PongLayout.FieldBottom) / 2f, scale = 80;
        const int ballMid = PongLayout.BallHeight / 2, paddleMid = PongLayout.PaddleHeight / 2;
        o[7] = (g.BallY + ballMid - g.AgentY - paddleMid) / scale;
        o[6] = g.BallInPlay ? 1 : 0;
        o[0] = (g.BallX - cx) / scale;
        o[1] = (g.BallY + ballMid - cy) / scale;
        o[2] = g.BallVx / 4;
        o[3] = g.BallVy / 4;
        o[4] = (g.AgentY + paddleMid - cy) / scale;
        o[5] = (g.OpponentY + paddleMid - cy) / scale;
    }
}
