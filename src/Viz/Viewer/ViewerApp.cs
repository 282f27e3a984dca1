using System.Diagnostics;
using RlLab.Viz.Input;
using RlLab.Viz.Platform;
using RlLab.Viz.Rendering;
using RlLab.Viz.Scenes;

namespace RlLab.Viz.Viewer;

/// <summary>
/// The interactive viewer: a resizable window, keys and wheel into a <see cref="ViewerController"/>,
/// the simulation stepped at its fixed rate (times the speed) and drawn at the display's rate.
/// </summary>
public static class ViewerApp
{
    /// <summary>What happened during a run, for the CLI's summary line.</summary>
    public sealed record Summary(int Frames, int Steps, int Episodes, double Seconds, IReadOnlyList<RlLab.Envs.EpisodeInfo> Finished);

    /// <param name="beforeFrame">Runs every frame before stepping (drive reads the held keys here).</param>
    public static Summary Run(IEpisodeRunner runner, IScene scene, ViewerOptions options, Action<ViewerFrame>? beforeFrame = null)
    {
        using var window = GlfwWindow.Create(new WindowOptions(options.Width, options.Height, options.Title, options.Visible, options.VSync));
        using var renderer = new FrameRenderer(window.Gl);
        var controller = new ViewerController(scene.StepSeconds, options.Bindings, options.Speed, options.Camera);
        window.KeyChanged += controller.OnKey;
        window.Scrolled += controller.OnScroll;
        var frame = new ViewerFrame(window, controller, runner);
        var finished = new List<RlLab.Envs.EpisodeInfo>();

        runner.Reset();
        scene.OnReset();
        var clock = Stopwatch.StartNew();
        double last = 0, fps = 0, holdUntil = -1;
        int frames = 0, steps = 0;
        // Stepping may not eat the whole frame: past this budget the sim runs slower than asked.
        const double StepBudgetSeconds = 0.05;

        while (!window.ShouldClose && !controller.QuitRequested)
        {
            window.PollEvents();
            double now = clock.Elapsed.TotalSeconds, dt = now - last;
            last = now;
            if (dt > 0) fps = fps == 0 ? 1 / dt : fps * 0.95 + 0.05 / dt;
            frame.Index = frames;
            frame.Seconds = dt;
            beforeFrame?.Invoke(frame);

            if (controller.TakeReset())
            {
                runner.Reset();
                scene.OnReset();
                holdUntil = -1;
            }
            if (holdUntil >= 0)
            {
                // Showing how the episode ended; then the next one starts.
                controller.Advance(0);
                if (now >= holdUntil)
                {
                    holdUntil = -1;
                    runner.Reset();
                    scene.OnReset();
                }
            }
            else
            {
                int n = controller.Advance(dt);
                for (int i = 0; i < n; i++)
                {
                    runner.Step();
                    scene.OnStep();
                    steps++;
                    if (runner.Done)
                    {
                        finished.Add(runner.LastEpisode);
                        if (options.Episodes > 0 && finished.Count >= options.Episodes) controller.RequestQuit();
                        holdUntil = now + options.EndHoldSeconds;
                        break;
                    }
                    if (clock.Elapsed.TotalSeconds - now > StepBudgetSeconds) break;
                }
            }

            int w = window.FramebufferWidth, h = window.FramebufferHeight;
            if (w > 0 && h > 0)
            {
                // Holding the end of an episode shows its last step as it is.
                double alpha = holdUntil >= 0 ? 1 : controller.Alpha;
                var status = new FrameStatus(controller.Camera, controller.Zoom, controller.Speed, controller.Paused, fps, options.Title, options.Help,
                    ShowInset: options.Inset, Alpha: alpha);
                renderer.Render(scene, runner, status, w, h);
                if (controller.TakeScreenshot())
                {
                    string path = Path.Combine(options.ScreenshotDirectory, $"rllab-{DateTime.Now:yyyyMMdd-HHmmss-fff}.png");
                    FrameCapture.SavePng(window.Gl, w, h, path);
                    Console.WriteLine($"screenshot: {path}");
                }
                frames++;
                bool lastFrame = options.MaxFrames > 0 && frames >= options.MaxFrames;
                if (lastFrame && options.ScreenshotOnExit is { } shot) FrameCapture.SavePng(window.Gl, w, h, shot);
                window.SwapBuffers();
                if (lastFrame) break;
            }
            else Thread.Sleep(10);   // minimised: nothing to draw, no reason to spin
        }
        return new Summary(frames, steps, runner.Episode, clock.Elapsed.TotalSeconds, finished);
    }
}
