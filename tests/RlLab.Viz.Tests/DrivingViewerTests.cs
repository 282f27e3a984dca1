using System.Numerics;
using RlLab.Envs;
using RlLab.Envs.Driving;
using RlLab.Envs.Registry;
using RlLab.Sim.Tracks;
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
        var scene = new DrivingScene(driving);
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
        // The car: the roof between the windscreen and the rear window (the car is drawn enlarged when far away).
        var st = core.Car.State;
        float k = scene.CarScale(cam);
        var (fx, fy) = st.ToWorld(core.Car.Params.WheelBase / 2 - 0.6 * k, 0);
        Vector2 carPx = cam.WorldToScreen(new((float)fx, (float)fy));
        if (mode == CameraMode.Follow) Assert.True(Vector2.Distance(carPx, new(W / 2f, H / 2f)) < 3 * cam.PixelsPerMeter);
        CartPoleViewerTests.AssertColor(rgb, W, carPx, DrivingPalette.Car);

        // The asphalt: halfway between centreline and edge, 15 m ahead of the car, off the trail.
        var (ax, ay, ah) = core.Track.PoseAt(core.Projection.S + 15);
        float q = (float)core.Track.HalfWidth / 2;
        Vector2 asphalt = new((float)(ax - Math.Sin(ah) * q), (float)(ay + Math.Cos(ah) * q));
        CartPoleViewerTests.AssertColor(rgb, W, cam.WorldToScreen(asphalt), DrivingPalette.Asphalt);

        // Grass: 8 m outside the left edge, checked to be far from every part of the track.
        float outside = (float)core.Track.HalfWidth + 6;
        Vector2 grass = new((float)(ax - Math.Sin(ah) * outside), (float)(ay + Math.Cos(ah) * outside));
        Assert.True(Math.Abs(core.Track.SignedOffset(grass.X, grass.Y)) > core.Track.HalfWidth + 3);
        Vector2 grassPx = cam.WorldToScreen(grass);
        Assert.InRange(grassPx.X, 0, W - 1);
        Assert.InRange(grassPx.Y, 0, H - 1);
        // Grid lines on the grass are faint: a wider tolerance.
        CartPoleViewerTests.AssertColor(rgb, W, grassPx, DrivingPalette.Grass, tolerance: 12);
    }

    /// <summary>The other cars and the obstacles are drawn in their colours where the traffic puts them.</summary>
    [Fact]
    public void TrafficIsDrawnWhereItIs()
    {
        // Large enough that the overview shows cars several pixels wide.
        const int W = 1600, H = 1200;
        var options = new EnvOptions(new Dictionary<string, object?> { ["observation"] = "state", ["track"] = "3", ["lanes"] = 2, ["traffic_density"] = 60, ["obstacles"] = 20 });
        var env = (IEnv<float>)EnvRegistry.Default.Make("Driving", options);
        var driving = (IDrivingEnv)env;
        using var runner = new EpisodeRunner<float>(env, ScriptedPolicies.Driving<float>(driving), seed: 0);
        var scene = new DrivingScene(driving);
        runner.Reset();
        scene.OnReset();
        for (int i = 0; i < 5; i++) { runner.Step(); scene.OnStep(); }
        using var window = Gl.HiddenWindow();
        using var renderer = new FrameRenderer(window.Gl);
        using var target = new RenderTarget(window.Gl, W, H);
        target.Bind();
        renderer.Render(scene, runner, new FrameStatus(CameraMode.Overview, 1, 1, false, 0, ShowHud: false, ShowInset: false), W, H);
        byte[] rgb = FrameCapture.ReadRgb(window.Gl, W, H);
        Camera2D cam = FrameRenderer.CameraFor(scene, CameraMode.Overview, 1, W, H);
        var traffic = driving.Core.Traffic!;
        int checkedObjects = 0;
        for (int i = 0; i < traffic.Count; i++)
        {
            var b = traffic.Boxes[i];
            var kind = traffic.Objects[i].Kind;
            // Behind the windscreen for cars, the middle for cones.
            double back = kind == RlLab.Sim.Traffic.RoadObjectKind.Cone ? 0 : -1.5;
            Vector2 px = cam.WorldToScreen(new((float)(b.X + back * b.Cos), (float)(b.Y + back * b.Sin)));
            if (px.X < 2 || px.Y < 2 || px.X > W - 3 || px.Y > H - 3 || cam.PixelsPerMeter * 2 * b.HalfWidth < 3) continue;
            if (OrientedBoxNearEgo(driving, b)) continue;
            Rgba colour = kind switch
            {
                RlLab.Sim.Traffic.RoadObjectKind.ParkedCar => DrivingPalette.ParkedCar,
                RlLab.Sim.Traffic.RoadObjectKind.Cone => DrivingPalette.Cone,
                _ => DrivingPalette.OtherCar,
            };
            CartPoleViewerTests.AssertColor(rgb, W, px, colour);
            checkedObjects++;
        }
        Assert.True(checkedObjects >= 10, $"only {checkedObjects} objects checked");
    }

    static bool OrientedBoxNearEgo(IDrivingEnv driving, RlLab.Sim.Traffic.OrientedBox b)
    {
        var (x, y) = driving.Core.Car.State.Centre(driving.Core.Car.Params);
        return Math.Abs(b.X - x) < 7 && Math.Abs(b.Y - y) < 7;
    }

    [Fact]
    public void StartLineIsChequered()
    {
        const int W = 200, H = 200;
        var (env, driving) = MakeDriving();
        using var runner = new EpisodeRunner<float>(env, ScriptedPolicies.Driving<float>(driving), seed: 0);
        var scene = new DrivingScene(driving);
        runner.Reset();
        scene.OnReset();
        using var window = Gl.HiddenWindow();
        using var renderer = new FrameRenderer(window.Gl);
        using var target = new RenderTarget(window.Gl, W, H);
        target.Bind();
        Track track = driving.Core.Track;
        var (x0, y0) = track.Point(0);
        var cam = new Camera2D(new((float)x0, (float)y0), 20, W, H);
        renderer.Batch.Begin(cam.Projection);
        scene.DrawWorld(renderer.Batch, cam);
        renderer.Batch.Flush();
        byte[] rgb = FrameCapture.ReadRgb(window.Gl, W, H);

        // The square at the right edge, first row: black; the one ahead of it: white. Clear of the car's body.
        float h = (float)track.Headings[0], half = (float)track.HalfWidth;
        var fwd = new Vector2(MathF.Cos(h), MathF.Sin(h));
        var left = new Vector2(-fwd.Y, fwd.X);
        int squares = Math.Max(4, (int)MathF.Round(2 * half / 0.8f));
        float size = 2 * half / squares;
        Vector2 p0 = new((float)x0, (float)y0), firstSquare = p0 + left * (-half + size / 2);
        CartPoleViewerTests.AssertColor(rgb, W, cam.WorldToScreen(firstSquare - fwd * (size / 2)), Rgba.Black);
        CartPoleViewerTests.AssertColor(rgb, W, cam.WorldToScreen(firstSquare + fwd * (size / 2)), Rgba.White);
    }

    [Fact]
    public void InterpolationDrawsTheCarBetweenTwoSteps()
    {
        var (env, driving) = MakeDriving();
        using var runner = new EpisodeRunner<float>(env, ScriptedPolicies.Driving<float>(driving), seed: 0);
        var scene = new DrivingScene(driving);
        runner.Reset();
        scene.OnReset();
        Vector2 before = scene.Focus;
        runner.Step();
        scene.OnStep();
        Vector2 after = scene.Focus;
        scene.Interpolate(0);
        Assert.Equal(before, scene.Focus);
        scene.Interpolate(0.5);
        Assert.True(Vector2.Distance(scene.Focus, (before + after) / 2) < 0.05f);
        scene.Interpolate(1);
        Assert.Equal(after, scene.Focus);
    }
}
