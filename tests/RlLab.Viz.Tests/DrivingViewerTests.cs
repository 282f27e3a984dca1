using System.Numerics;
using RlLab.Envs;
using RlLab.Envs.Driving;
using RlLab.Envs.Registry;
using RlLab.Viz.Input;
using RlLab.Viz.Policies;
using RlLab.Viz.Rendering;
using RlLab.Viz.Scenes;
using RlLab.Viz.Viewer;

namespace RlLab.Viz.Tests;

public sealed class DrivingViewerTests
{
    internal static (IEnv<float> Env, IDrivingEnv Driving) MakeDriving(string observation = "lidar", string track = "3")
    {
        var options = new EnvOptions(new Dictionary<string, object?> { ["observation"] = observation, ["track"] = track });
        var env = (IEnv<float>)EnvRegistry.Default.Make("Driving", options);
        return (env, (IDrivingEnv)env);
    }

    [Fact]
    public void PurePursuitDrivesWithoutCrashing()
    {
        var (env, driving) = MakeDriving();
        using var runner = new EpisodeRunner<float>(env, ScriptedPolicies.Driving<float>(driving), seed: 0);
        runner.Reset();
        for (int i = 0; i < 300 && !runner.Done; i++) runner.Step();
        Assert.False(runner.LastStep.Terminated, $"crashed: {driving.Core.Crash} after {runner.Steps} steps");
        Assert.True(driving.Core.Laps.MaxProgress > 150, $"only {driving.Core.Laps.MaxProgress:F0} m");
    }

    [Theory]
    [InlineData(CameraMode.Overview)]
    [InlineData(CameraMode.Follow)]
    public void ScreenshotHasTrackAndCarWhereTheCameraPutsThem(CameraMode mode)
    {
        const int W = 480, H = 320;
        var (env, driving) = MakeDriving();
        using var runner = new EpisodeRunner<float>(env, ScriptedPolicies.Driving<float>(driving), seed: 0);
        using var scene = new DrivingScene(driving);
        runner.Reset();
        scene.OnReset();
        for (int i = 0; i < 40; i++)
        {
            runner.Step();
            scene.OnStep();
        }
        using var window = Gl.HiddenWindow();
        using var renderer = new FrameRenderer(window.Gl);
        using var target = new RenderTarget(window.Gl, W, H);
        target.Bind();
        renderer.Render(scene, runner, new FrameStatus(mode, 1, 1, false, 0, ShowHud: false, ShowInset: false), W, H);
        byte[] rgb = FrameCapture.ReadRgb(window.Gl, W, H);
        string png = Path.Combine(Path.GetTempPath(), $"rllab-driving-{mode}.png");
        RlLab.Viz.Images.Png.Write(png, rgb, W, H, 3);
        Camera2D cam = FrameRenderer.CameraFor(scene, mode, 1, W, H);

        var core = driving.Core;
        // The car: a point on the body beside the windscreen, between glass and the nose.
        var st = core.Car.State;
        var (fx, fy) = st.ToWorld(core.Car.Params.WheelBase / 2 - 1.0, 0.75);
        Vector2 carPx = cam.WorldToScreen(new((float)fx, (float)fy));
        if (mode == CameraMode.Follow) Assert.True(Vector2.Distance(carPx, new(W / 2f, H / 2f)) < 3 * cam.PixelsPerMeter);
        CartPoleViewerTests.AssertColor(rgb, W, carPx, DrivingPalette.Car);

        // The asphalt: halfway between centreline and edge, 30 m ahead of the car, off the trail.
        var (ax, ay, ah) = core.Track.PoseAt(core.Projection.S + 30);
        float q = (float)core.Track.HalfWidth / 2;
        Vector2 asphalt = new((float)(ax - Math.Sin(ah) * q), (float)(ay + Math.Cos(ah) * q));
        CartPoleViewerTests.AssertColor(rgb, W, cam.WorldToScreen(asphalt), DrivingPalette.Asphalt);

        // Grass: 8 m outside the left edge, checked to be far from every part of the track.
        float outside = (float)core.Track.HalfWidth + 8;
        Vector2 grass = new((float)(ax - Math.Sin(ah) * outside), (float)(ay + Math.Cos(ah) * outside));
        Assert.True(Math.Abs(core.Track.SignedOffset(grass.X, grass.Y)) > core.Track.HalfWidth + 3);
        Vector2 grassPx = cam.WorldToScreen(grass);
        Assert.InRange(grassPx.X, 0, W - 1);
        Assert.InRange(grassPx.Y, 0, H - 1);
        // Grid lines on the grass are faint: a wider tolerance.
        CartPoleViewerTests.AssertColor(rgb, W, grassPx, DrivingPalette.Grass, tolerance: 12);

        // The start line: a black and a white square side by side at the track's point 0 (overview only: it is far away otherwise).
        if (mode == CameraMode.Overview)
        {
            var (x0, y0) = core.Track.Point(0);
            Vector2 start = cam.WorldToScreen(new((float)x0, (float)y0));
            Assert.InRange(start.X, 0, W - 1);
        }
    }
}
