using RlLab.Envs.Classic;
using RlLab.Viz.Input;
using RlLab.Viz.Policies;
using RlLab.Viz.Rendering;
using RlLab.Viz.Scenes;
using RlLab.Viz.Viewer;

namespace RlLab.Viz.Tests;

public sealed class CartPoleViewerTests
{
    [Fact]
    public void ScriptedControllerBalancesThePole()
    {
        var env = new CartPole();
        using var runner = new EpisodeRunner<float>(env, ScriptedPolicies.CartPole, seed: 3);
        runner.Reset();
        for (int i = 0; i < 500 && !runner.Done; i++) runner.Step();
        Assert.False(runner.Done);
        Assert.Equal(500, runner.Steps);
    }

    [Fact]
    public void WindowOpensRendersFramesAndAnswersKeys()
    {
        var env = new CartPole();
        using var runner = new EpisodeRunner<float>(env, ScriptedPolicies.CartPole, seed: 1);
        using var scene = new CartPoleScene(env);
        string shot = Path.Combine(Path.GetTempPath(), $"rllab-viewer-{Guid.NewGuid():N}.png");
        bool pausedSeen = false;
        int stepsWhilePaused = -1;
        var summary = ViewerApp.Run(runner, scene, new ViewerOptions { Width = 320, Height = 240, VSync = false, MaxFrames = 8, ScreenshotOnExit = shot },
            f =>
            {
                // Keys arrive through the same path as the window's callback.
                if (f.Index == 2) f.Controller.OnKey(Key.Space, KeyAction.Press);
                if (f.Index == 3) (pausedSeen, stepsWhilePaused) = (f.Controller.Paused, f.Runner.Steps);
                if (f.Index == 6) Assert.Equal(stepsWhilePaused, f.Runner.Steps);
            });
        Assert.Equal(8, summary.Frames);
        Assert.True(pausedSeen);
        Assert.True(File.Exists(shot));
        File.Delete(shot);
    }

    [Fact]
    public void CartAndPoleAreWhereTheCameraPutsThem()
    {
        using var window = Gl.HiddenWindow();
        using var renderer = new FrameRenderer(window.Gl);
        const int W = 400, H = 240;
        using var target = new RenderTarget(window.Gl, W, H);
        var env = new CartPole();
        using var runner = new EpisodeRunner<float>(env, ScriptedPolicies.CartPole, seed: 1);
        using var scene = new CartPoleScene(env);
        runner.Reset();
        env.State = (1.0, 0, 0, 0);
        target.Bind();
        var status = new FrameStatus(CameraMode.Overview, 1, 1, false, 0, ShowHud: false, ShowInset: false);
        renderer.Render(scene, runner, status, W, H);
        byte[] rgb = FrameCapture.ReadRgb(window.Gl, W, H);
        Camera2D cam = FrameRenderer.CameraFor(scene, CameraMode.Overview, 1, W, H);

        var cart = cam.WorldToScreen(new(1.0f, CartPoleScene.CartHeight / 4));
        AssertColor(rgb, W, cart, CartPoleScene.CartColor);
        var pole = cam.WorldToScreen(new(1.0f, CartPoleScene.CartHeight + 0.7f));
        AssertColor(rgb, W, pole, CartPoleScene.PoleColor);
        var left = cam.WorldToScreen(new(-1.0f, CartPoleScene.CartHeight / 4));
        AssertColor(rgb, W, left, scene.Background);
    }

    internal static void AssertColor(byte[] rgb, int width, System.Numerics.Vector2 at, Rgba expected, int tolerance = 8)
    {
        int i = ((int)at.Y * width + (int)at.X) * 3;
        var got = new Rgba(rgb[i], rgb[i + 1], rgb[i + 2]);
        Assert.True(Math.Abs(got.R - expected.R) <= tolerance && Math.Abs(got.G - expected.G) <= tolerance && Math.Abs(got.B - expected.B) <= tolerance,
            $"pixel ({(int)at.X}, {(int)at.Y}) is {got}, expected {expected}");
    }
}
