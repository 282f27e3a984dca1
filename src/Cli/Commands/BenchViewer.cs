using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using RlLab.Envs;
using RlLab.Envs.Driving;
using RlLab.Envs.Registry;
using RlLab.Envs.Wrappers;
using RlLab.Viz.Input;
using RlLab.Viz.Platform;
using RlLab.Viz.Policies;
using RlLab.Viz.Rendering;
using RlLab.Viz.Scenes;
using RlLab.Viz.Viewer;
using Silk.NET.OpenGL;

namespace RlLab.Cli.Commands;

/// <summary>
/// `rllab bench viewer`: frames per second of the viewer drawing offscreen (a hidden window and a
/// framebuffer) at 1280×720: the driving scene with lidar rays, trail, HUD and observation inset,
/// one env step per frame, glFinish after each frame so the GPU's (or llvmpipe's) work is counted.
/// Also measured: the same with glReadPixels, as `record` does.
/// </summary>
public static class BenchViewer
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON" };
        var seconds = new Option<double>("--seconds") { HelpName = "SECONDS", Description = "Seconds per measurement", DefaultValueFactory = _ => 3.0 };
        var size = WatchCommand.SizeOption("1280x720", "Frame size in pixels");
        var command = new Command("viewer", "Viewer frames/s rendering offscreen (needs a display: xvfb-run -a)") { json, seconds, size };
        Help.Examples(command, "xvfb-run -a ./rllab bench viewer --json");
        command.SetAction(parse => WatchCommand.Guard(() =>
        {
            double s = parse.GetValue(seconds);
            if (!(s > 0 && s <= 600)) throw new UserError($"--seconds: {s} is outside (0, 600]");
            var (w, h) = WatchCommand.ParseSize(parse.GetValue(size)!, "--size");
            ViewerBenchReport report = Run(s, w, h);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
            else
            {
                Console.WriteLine($"renderer: {report.Renderer} ({report.GlVersion}), {report.Processors} cores, load {report.LoadAverage?.ToString("0.00") ?? "?"}");
                Console.WriteLine($"{report.Width}x{report.Height}: {report.FramesPerSec:F0} frames/s, with readback {report.FramesPerSecWithReadback:F0} frames/s");
                Console.WriteLine($"{report.VerticesPerFrame} vertices, {report.DrawCallsPerFrame} draw calls per frame");
            }
            return 0;
        }));
        return command;
    }

    static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public sealed record ViewerBenchReport(string Benchmark, string Scene, string Renderer, string GlVersion, int Width, int Height,
        int Processors, double? LoadAverage, string Runtime, string Os, long Frames, double Seconds, double FramesPerSec, long FramesWithReadback, double SecondsWithReadback,
        double FramesPerSecWithReadback, int VerticesPerFrame, int DrawCallsPerFrame);

    public static ViewerBenchReport Run(double seconds, int width, int height)
    {
        double? load = LoadAverage();
        var options = new EnvOptions(new Dictionary<string, object?> { ["observation"] = "lidar", ["track"] = "0", ["max_steps"] = "0" });
        using IEnv env = EnvRegistry.Default.Make("Driving", options);
        var typed = (IEnv<float>)env;
        IDrivingEnv driving = env.Find<IDrivingEnv>()!;
        using var runner = new EpisodeRunner<float>(new Unowned(typed), ScriptedPolicies.Driving<float>(driving), seed: 0);
        IScene scene = SceneFactory.Create(env);
        using var window = GlfwWindow.Create(new WindowOptions(64, 64, "rllab bench", Visible: false, VSync: false, Resizable: false));
        GL gl = window.Gl;
        using var renderer = new FrameRenderer(gl);
        using var target = new RenderTarget(gl, width, height);
        target.Bind();
        runner.Reset();
        scene.OnReset();
        var frame = new byte[width * height * 4];
        var status = new FrameStatus(CameraMode.Follow, 1, 1, false, 60, "rllab bench viewer", "Space pause  Right step  R reset  +/- speed  Tab camera  Esc quit");

        // Warm up (JIT, shader compile, first mesh upload), then fill the trail as a long drive would.
        for (int i = 0; i < 300; i++) Frame(false);
        var (frames, elapsed) = Measure(seconds, () => Frame(false));
        int vertices = renderer.Batch.VerticesDrawn, calls = renderer.Batch.DrawCalls;
        var (framesRb, elapsedRb) = Measure(seconds, () => Frame(true));
        target.Unbind();
        return new ViewerBenchReport("viewer", "Driving (lidar, follow camera, trail, HUD, inset)", gl.GetStringS(StringName.Renderer), gl.GetStringS(StringName.Version),
            width, height, Environment.ProcessorCount, load, RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription,
            frames, elapsed, frames / elapsed, framesRb, elapsedRb, framesRb / elapsedRb, vertices, calls);

        void Frame(bool readback)
        {
            runner.Step();
            scene.OnStep();
            if (runner.Done)
            {
                runner.Reset();
                scene.OnReset();
            }
            renderer.Render(scene, runner, status, width, height);
            if (readback) FrameCapture.ReadRgbaBottomUp(gl, width, height, frame);
            else gl.Finish();
        }
    }

    static (long Frames, double Seconds) Measure(double seconds, Action frame)
    {
        long n = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            frame();
            n++;
        }
        return (n, sw.Elapsed.TotalSeconds);
    }

    /// <summary>The 1-minute load before the run (Linux): other processes share llvmpipe's cores.</summary>
    static double? LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The bench disposes the env itself.</summary>
    sealed class Unowned(IEnv<float> inner) : Wrapper<float>(inner)
    {
        public override void Dispose() { }
    }
}
