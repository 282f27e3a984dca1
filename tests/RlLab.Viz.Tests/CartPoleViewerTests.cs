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
        var scene = new CartPoleScene(env);
        string shot = Path.Combine(Path.GetTempPath(), $"rllab-viewer-{Guid.NewGuid():N}.png");
        var log = new List<(int Frame, bool Paused, int Steps)>();
        var summary = ViewerApp.Run(runner, scene, new ViewerOptions { Width = 320, Height = 240, VSync = false, MaxFrames = 12, ScreenshotOnExit = shot },
            f =>
            {
                // Keys go in where the window's callback puts them; each hook runs before that frame's steps.
                log.Add((f.Index, f.Controller.Paused, f.Runner.Steps));
                if (f.Index == 2) f.Controller.OnKey(Key.Space, KeyAction.Press);
                if (f.Index == 5) f.Controller.OnKey(Key.Right, KeyAction.Press);
                if (f.Index == 8) f.Controller.OnKey(Key.R, KeyAction.Press);
            });
        Assert.Equal(12, summary.Frames);
        Assert.True(File.Exists(shot));
        Assert.True(new FileInfo(shot).Length > 1000);
        File.Delete(shot);

        // Paused from frame 3: no steps until → steps exactly one at frame 5; R at frame 8 starts episode 2.
        int paused = log[3].Steps;
        Assert.True(log[3].Paused);
        Assert.Equal(paused, log[5].Steps);
        Assert.Equal(paused + 1, log[6].Steps);
        Assert.Equal(paused + 1, log[8].Steps);
        Assert.Equal(0, log[9].Steps);
        Assert.Equal(2, summary.Episodes);
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
        var scene = new CartPoleScene(env);
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
