using System.Numerics;
using RlLab.Envs;
using RlLab.Envs.Pong;
using RlLab.Envs.Wrappers;
using RlLab.Sim.Pong;
using RlLab.Viz.Rendering;
using static RlLab.Sim.Pong.PongLayout;

namespace RlLab.Viz.Scenes;

/// <summary>
/// The Atari Pong screen in world units of one Atari pixel (y up: world y = 210 − screen row), with
/// the score drawn as on the console (opponent left, agent right) and repeated in the HUD.
/// </summary>
public sealed class PongScene(IPongEnv env) : IScene
{
    static Rgba C((byte R, byte G, byte B) c) => new(c.R, c.G, c.B, 255);

    public static PongScene? TryCreate(IEnv env) => env.Find<IPongEnv>() is { } p ? new PongScene(p) : null;

    public double StepSeconds => env is PongEnv e ? e.Config.Frameskip / 60.0 : 4 / 60.0;
    public Rgba Background => C(PongLayout.Background);
    public (Vector2 Min, Vector2 Max) Bounds => (new(0, 0), new(Width, Height));
    public Vector2 Focus => new(Width / 2f, Height / 2f);
    public float FollowScale(int viewportHeight) => viewportHeight / (float)Height;

    public void OnReset() { }
    public void OnStep() { }
    public void Interpolate(double alpha) { }

    public void DrawWorld(Batch2D batch, in Camera2D camera)
    {
        PongGame g = env.Game;
        Box(batch, 0, Height, 0, Width, C(PongLayout.Background));
        Box(batch, TopWallY0, TopWallY1, 0, Width, C(Wall));
        Box(batch, BottomWallY0, BottomWallY1, 0, Width, C(Wall));
        Score(batch, g.OpponentScore, OpponentScoreX, C(Opponent));
        Score(batch, g.AgentScore, AgentScoreX, C(Agent));
        Box(batch, g.OpponentY, g.OpponentY + PaddleHeight, OpponentX, OpponentX + PaddleWidth, C(Opponent));
        Box(batch, g.AgentY, g.AgentY + PaddleHeight, AgentX, AgentX + PaddleWidth, C(Agent));
        if (g.BallInPlay) Box(batch, g.BallY, g.BallY + BallHeight, g.BallX, g.BallX + BallWidth, C(Ball));
    }

    public void WriteHud(HudWriter hud)
    {
        PongGame g = env.Game;
        hud.Line($"score  opponent {g.OpponentScore}  agent {g.AgentScore}  (to {g.Config.PointsToWin})");
        hud.Line($"ball {(g.BallInPlay ? $"({g.BallX}, {g.BallY}) v ({g.BallVx:F2}, {g.BallVy:F2})" : "serving")}  hits {g.Hits}");
    }

    /// <summary>Screen rows [y0, y1) × columns [x0, x1) in world units.</summary>
    static void Box(Batch2D batch, int y0, int y1, int x0, int x1, Rgba color) =>
        batch.Rect(x0, Height - y1, x1 - x0, y1 - y0, color);

    static void Score(Batch2D batch, int score, int x, Rgba color)
    {
        score = Math.Clamp(score, 0, 99);
        if (score >= 10) Digit(batch, score / 10, x, color);
        Digit(batch, score % 10, x + 4 * PongRenderer.Cell, color);
    }

    static void Digit(Batch2D batch, int d, int x, Rgba color)
    {
        const int cell = PongRenderer.Cell;
        for (int r = 0; r < 5; r++)
            for (int col = 0; col < 3; col++)
                if ((PongRenderer.GlyphRow(d, r) >> (2 - col) & 1) != 0)
                    Box(batch, ScoreY + r * cell, ScoreY + (r + 1) * cell, x + col * cell, x + (col + 1) * cell, color);
    }
}
