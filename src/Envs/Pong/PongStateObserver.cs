using RlLab.Envs.Spaces;
using RlLab.Sim.Pong;

namespace RlLab.Envs.Pong;

/// <summary>
/// One player's state vector of a game: ball x and y, ball vx and vy in pixels per frame over 4, its
/// own and the other paddle's centres, 1 while the ball is in play, and the ball's height relative to
/// its own paddle. Positions are centred on the playfield and scaled by 80 px (about [−1, 1]).
/// Mirrored, the left player sees the game as if it held the right paddle: x and vx change sign and
/// the paddles swap. A <paramref name="grid"/> above 1 rounds the positions down to blocks of that many
/// screen pixels (each at its block's centre) and <paramref name="velocity"/> false writes 0 for the ball's
/// speed: the information a picture of that resolution holds, for measuring what a picture costs.
/// </summary>
public sealed class PongStateObserver(bool mirrored, int grid = 1, bool velocity = true)
{
    public const int Size = 8;
    public static Box Space { get; } = Box.Uniform(-2, 2, [Size]);

    int OnGrid(int v) => v / grid * grid + grid / 2;

    public void Write(PongGame g, Span<float> o)
    {
        const float cx = PongLayout.Width / 2f, cy = (PongLayout.FieldTop + PongLayout.FieldBottom) / 2f, scale = 80;
        const int ballMid = PongLayout.BallHeight / 2, paddleMid = PongLayout.PaddleHeight / 2;
        // Its own paddle is the right one of the picture it would be shown.
        var (left, right, x) = PongRenderer.Placement(g, mirrored);
        int own = OnGrid(right), other = OnGrid(left), ballX = OnGrid(x), ballY = OnGrid(g.BallY);
        o[7] = (ballY + ballMid - own - paddleMid) / scale;
        o[6] = g.BallInPlay ? 1 : 0;
        o[0] = (ballX - cx) / scale;
        o[1] = (ballY + ballMid - cy) / scale;
        o[2] = velocity ? (mirrored ? -g.BallVx : g.BallVx) / 4 : 0;
        o[3] = velocity ? g.BallVy / 4 : 0;
        o[4] = (own + paddleMid - cy) / scale;
        o[5] = (other + paddleMid - cy) / scale;
    }
}
