using RlLab.Envs.Spaces;
using RlLab.Sim.Pong;

namespace RlLab.Envs.Pong;

/// <summary>
/// One player's state vector of a game: ball x and y, ball vx and vy in pixels per frame over 4, its
/// own and the other paddle's centres, 1 while the ball is in play, and the ball's height relative to
/// its own paddle. Positions are centred on the playfield and scaled by 80 px (about [−1, 1]).
/// Mirrored, the left player sees the game as if it held the right paddle: x and vx change sign and
/// the paddles swap.
/// </summary>
public sealed class PongStateObserver(bool mirrored)
{
    public const int Size = 8;
    public static Box Space { get; } = Box.Uniform(-2, 2, [Size]);

    public void Write(PongGame g, Span<float> o)
    {
        const float cx = PongLayout.Width / 2f, cy = (PongLayout.FieldTop + PongLayout.FieldBottom) / 2f, scale = 80;
        const int ballMid = PongLayout.BallHeight / 2, paddleMid = PongLayout.PaddleHeight / 2;
        int own = mirrored ? g.OpponentY : g.AgentY, other = mirrored ? g.AgentY : g.OpponentY;
        int ballX = mirrored ? PongRenderer.MirroredBallX(g) : g.BallX;
        o[7] = (g.BallY + ballMid - own - paddleMid) / scale;
        o[6] = g.BallInPlay ? 1 : 0;
        o[0] = (ballX - cx) / scale;
        o[1] = (g.BallY + ballMid - cy) / scale;
        o[2] = (mirrored ? -g.BallVx : g.BallVx) / 4;
        o[3] = g.BallVy / 4;
        o[4] = (own + paddleMid - cy) / scale;
        o[5] = (other + paddleMid - cy) / scale;
    }
}
