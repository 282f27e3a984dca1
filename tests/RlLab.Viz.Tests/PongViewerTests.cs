using RlLab.Envs.Pong;
using RlLab.Sim.Pong;
using RlLab.Viz.Input;
using RlLab.Viz.Policies;
using RlLab.Viz.Rendering;
using RlLab.Viz.Scenes;
using RlLab.Viz.Viewer;

namespace RlLab.Viz.Tests;

public sealed class PongViewerTests
{
    [Fact]
    public void The_scene_draws_the_paddles_and_the_ball_where_the_game_has_them()
    {
        using var window = Gl.HiddenWindow();
        using var renderer = new FrameRenderer(window.Gl);
        const int W = 320, H = 420;
        using var target = new RenderTarget(window.Gl, W, H);
        var env = new PongStateEnv(new PongEnvConfig { StickyActions = 0 });
        using var runner = new EpisodeRunner<float>(env, ScriptedPolicies.Pong<float>(env), seed: 1);
        runner.Reset();
        env.Game.SetState(ballX: 80, ballY: 60, vx: 1, vy: 0, agentY: 150, opponentY: 50);
        IScene scene = SceneFactory.Create(env);
        Assert.IsType<PongScene>(scene);
        target.Bind();
        var status = new FrameStatus(CameraMode.Overview, 1, 1, false, 0, ShowHud: false, ShowInset: false);
        renderer.Render(scene, runner, status, W, H);
        byte[] rgb = FrameCapture.ReadRgb(window.Gl, W, H);
        Camera2D cam = FrameRenderer.CameraFor(scene, CameraMode.Overview, 1, W, H);

        // World y = 210 − screen row; sample the middle of each object.
        System.Numerics.Vector2 At(float x, float row) => cam.WorldToScreen(new(x, PongLayout.Height - row));
        static Rgba C((byte R, byte G, byte B) c) => new(c.R, c.G, c.B);
        CartPoleViewerTests.AssertColor(rgb, W, At(PongLayout.AgentX + 2, 158), C(PongLayout.Agent));
        CartPoleViewerTests.AssertColor(rgb, W, At(PongLayout.OpponentX + 2, 58), C(PongLayout.Opponent));
        CartPoleViewerTests.AssertColor(rgb, W, At(81, 62), C(PongLayout.Ball));
        CartPoleViewerTests.AssertColor(rgb, W, At(100, 120), C(PongLayout.Background));
    }

    [Fact]
    public void The_scripted_player_wins_points()
    {
        var env = new PongStateEnv(new PongEnvConfig { StickyActions = 0 });
        using var runner = new EpisodeRunner<float>(env, ScriptedPolicies.Pong<float>(env), seed: 0);
        runner.Reset();
        for (int i = 0; i < 3000 && !runner.Done; i++) runner.Step();
        Assert.True(env.Game.AgentScore > 0);
    }
}
