using System.CommandLine;
using RlLab.Agents.Config;
using RlLab.Envs;
using RlLab.Envs.Driving;
using RlLab.Envs.Wrappers;
using RlLab.Viz.Input;
using RlLab.Viz.Policies;
using RlLab.Viz.Scenes;
using RlLab.Viz.Viewer;

namespace RlLab.Cli.Commands;

/// <summary>
/// `rllab drive [--track TRACK] [--seed SEED] [--traffic]`: a person drives with the arrow keys or WASD, under the same
/// rules as the agents (crash off the lane or past the heading limit, or into another car or an obstacle);
/// the HUD shows the lap time.
/// </summary>
public static class DriveCommand
{
    public static Command Create()
    {
        var track = Selectors.Track("0");
        var size = WatchCommand.SizeOption("1280x720", "Window size in pixels");
        var camera = WatchCommand.CameraOption();
        var seed = Selectors.Seed();
        var frames = WatchCommand.FramesOption();
        var screenshot = WatchCommand.ScreenshotOption();
        var traffic = new Option<bool>("--traffic") { Description = "Drive in the reference traffic: 2 lanes, 10 cars and 2 obstacles per km (docs/traffic.md)" };
        var command = new Command("drive", "Drive a car yourself: arrows or WASD steer and accelerate, Space pause, R restart, Tab camera, Esc quit")
        {
            track, size, camera, seed, frames, screenshot, traffic,
        };
        Help.Examples(command, "./rllab drive --track oval", "./rllab drive --track 42 --camera overview", "./rllab drive --track 7 --traffic");
        command.SetAction(parse => WatchCommand.Guard(() =>
        {
            var (w, h) = WatchCommand.ParseSize(parse.GetValue(size)!, "--size");
            // Steering and throttle, with no time limit: the person drives until they crash or quit.
            var options = new Dictionary<string, object?>
            {
                ["track"] = Selectors.SingleTrack(parse.GetValue(track)) ?? "0",
                ["action"] = "steer_throttle",
                ["max_steps"] = "0",
            };
            if (parse.GetValue(traffic))
                foreach (var (key, value) in DrivingConfig.ReferenceTraffic) options[key] = value;
            IEnv env = EnvFactory.Make(new EnvConfig("Driving", 1, 1, options, []), 0);
            IDrivingEnv driving = env.Find<IDrivingEnv>()!;
            var input = new DriverInput();
            using var runner = new EpisodeRunner<float>((IEnv<float>)env, ScriptedPolicies.Keyboard<float>(driving, input), parse.GetValue(seed) ?? 0);
            IScene scene = SceneFactory.Create(env);
            var viewer = new ViewerOptions
            {
                Title = $"rllab drive: track {driving.Core.Track.Name}",
                Width = w,
                Height = h,
                Camera = WatchCommand.ResolveCamera(parse.GetValue(camera)!, scene),
                Bindings = KeyBindings.Drive,
                Inset = false,
                Help = "Arrows/WASD drive  Space pause  R restart  Tab camera  wheel zoom  Esc quit",
                MaxFrames = parse.GetValue(frames),
                ScreenshotOnExit = parse.GetValue(screenshot),
            };
            var summary = ViewerApp.Run(runner, scene, viewer, frame =>
            {
                input.Update(frame.Seconds, frame.Window.IsKeyDown);
                if (frame.Runner.Steps == 0) input.Reset();
            });
            WatchCommand.PrintSummary(summary);
            return 0;
        }));
        return command;
    }
}
