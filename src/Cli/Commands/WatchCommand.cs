using System.CommandLine;
using System.Globalization;
using RlLab.Agents.Checkpoints;
using RlLab.Agents.Config;
using RlLab.Agents.Matches;
using RlLab.Agents.Policies;
using RlLab.Envs;
using RlLab.Envs.Registry;
using RlLab.Viz.Input;
using RlLab.Viz.Platform;
using RlLab.Viz.Policies;
using RlLab.Viz.Scenes;
using RlLab.Viz.Viewer;

namespace RlLab.Cli.Commands;

/// <summary>
/// `rllab watch &lt;run|checkpoint&gt; [--seed SEED] [--track TRACK] [--episodes N] [--speed x] [--stochastic]`:
/// the policy drives live in a window. `--policy scripted` runs a built-in controller instead, on a
/// run's env or on an env id (`rllab watch Driving --policy scripted`).
/// </summary>
public static class WatchCommand
{
    public static Command Create()
    {
        var target = TargetArgument();
        var track = Selectors.Track();
        var episodes = new Option<int>("--episodes") { HelpName = "N", Description = "Stop after N episodes (0: until Esc)", DefaultValueFactory = _ => 0 };
        var speed = new Option<double>("--speed") { HelpName = "X", Description = "Simulation speed, × real time (+ and − change it live)", DefaultValueFactory = _ => 1.0 };
        var stochastic = new Option<bool>("--stochastic") { Description = "Sample actions instead of taking the mean/most likely one" };
        var policy = PolicyOption();
        var seed = Selectors.Seed();
        var camera = CameraOption();
        var size = SizeOption("1280x720", "Window size in pixels");
        var noVsync = new Option<bool>("--no-vsync") { Description = "Draw as fast as possible instead of at the display's rate" };
        var frames = FramesOption();
        var screenshot = ScreenshotOption();
        var maxSteps = EvalCommand.MaxStepsOption();
        var command = new Command("watch", "Watch a trained policy drive (Space pause, → step, R reset, +/− speed, Tab camera, Esc quit)")
        {
            target, track, episodes, speed, stochastic, policy, seed, maxSteps, camera, size, noVsync, frames, screenshot,
        };
        Help.Examples(command,
            "./rllab watch runs/cartpole --seed 1000000",
            "./rllab watch runs/driving-state --track oval --speed 2",
            "./rllab watch Driving --policy scripted --track 7");
        command.SetAction(parse => Guard(() =>
        {
            if (parse.GetValue(episodes) < 0) throw new UserError("--episodes must be 0 or more");
            double sp = parse.GetValue(speed);
            if (!(sp >= ViewerController.MinSpeed && sp <= ViewerController.MaxSpeed))
                throw new UserError($"--speed: {sp} is outside [{ViewerController.MinSpeed}, {ViewerController.MaxSpeed}]");
            var (w, h) = ParseSize(parse.GetValue(size)!, "--size");
            using var session = PolicySession.Open(parse.GetValue(target)!, parse.GetValue(policy)!, Selectors.SingleTrack(parse.GetValue(track)), parse.GetValue(stochastic), parse.GetValue(seed), parse.GetValue(maxSteps));
            IScene scene = SceneFactory.Create(session.Runner.Env);
            var options = new ViewerOptions
            {
                Title = $"rllab watch: {session.Title}",
                Width = w,
                Height = h,
                VSync = !parse.GetValue(noVsync),
                Speed = sp,
                Camera = ResolveCamera(parse.GetValue(camera)!, scene),
                Episodes = parse.GetValue(episodes),
                MaxFrames = parse.GetValue(frames),
                ScreenshotOnExit = parse.GetValue(screenshot),
            };
            var summary = ViewerApp.Run(session.Runner, scene, options);
            PrintSummary(summary);
            return 0;
        }));
        return command;
    }

    internal static Argument<string> TargetArgument() => new("run")
    {
        HelpName = "RUN",
        Description = "A run directory, a .ckpt file or an agent bundle .safetensors (with --policy scripted also an experiment .yaml or an env id such as Driving)",
    };
    internal static Option<int> FramesOption() => new("--frames") { HelpName = "N", Description = "Quit after N frames (for scripts; with --screenshot)", DefaultValueFactory = _ => 0 };
    internal static Option<string?> ScreenshotOption() => new("--screenshot") { HelpName = "FILE", Description = "Save the last frame as this PNG (F12 saves one any time)" };
    internal static Option<string> PolicyOption() => new("--policy")
    {
        HelpName = "KIND",
        Description = "checkpoint (the trained policy) or scripted (pure pursuit for Driving, a PD controller for CartPole)",
        DefaultValueFactory = _ => "checkpoint",
    };
    internal static Option<string> CameraOption() => new("--camera") { HelpName = "MODE", Description = "follow, overview, or auto: follow for driving, overview for CartPole", DefaultValueFactory = _ => "auto" };
    internal static Option<string> SizeOption(string fallback, string description) => new("--size") { HelpName = "WxH", Description = $"{description}, width x height", DefaultValueFactory = _ => fallback };

    internal static CameraMode ResolveCamera(string name, IScene scene) => name switch
    {
        "follow" => CameraMode.Follow,
        "overview" => CameraMode.Overview,
        "auto" => scene is CartPoleScene or PongScene ? CameraMode.Overview : CameraMode.Follow,
        _ => throw new UserError($"--camera: '{name}' is not follow, overview or auto"),
    };

    internal static (int Width, int Height) ParseSize(string text, string option)
    {
        string[] parts = text.ToLowerInvariant().Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int w)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int h) && w is >= 16 and <= 7680 && h is >= 16 and <= 4320)
            return (w, h);
        throw new UserError($"{option}: '{text}' is not a size like 1280x720 (16 to 7680 wide, 16 to 4320 high)");
    }

    internal static void PrintSummary(ViewerApp.Summary s)
    {
        foreach (var e in s.Finished) Console.WriteLine(EpisodeLine(e));
        Console.WriteLine($"{s.Frames} frames, {s.Steps} steps in {s.Seconds:F1} s");
    }

    /// <summary>One finished episode for watch and record: return, steps, the env's own metrics by name, why it ended.</summary>
    internal static string EpisodeLine(RlLab.Envs.EpisodeInfo e) =>
        $"episode: return {e.Return:F1}, {e.Length} steps, "
        + string.Concat(e.Metrics().Select(m => $"{m.Name} {(double.IsNaN(m.Value) ? "-" : m.Value.ToString(m.Value == Math.Floor(m.Value) ? "F0" : "F1", System.Globalization.CultureInfo.InvariantCulture))}, "))
        + e.EndReason;

    /// <summary>Turns the viewer's and the env's complaints into one-line user errors.</summary>
    internal static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (ViewerException e) { throw new UserError(e.Message); }
        catch (EnvOptionException e) { throw new UserError($"{(e.Key == "track" || e.Key == "tracks" ? "--track" : e.Key)}: {e.Message}"); }
        catch (FileNotFoundException e) { throw new UserError(e.Message); }
        catch (InvalidDataException e) { throw new UserError(e.Message); }
        catch (KeyNotFoundException e) { throw new UserError(e.Message); }
    }
}

/// <summary>
/// An env and the policy that acts in it, as watch and record need them: a checkpoint's policy on
/// the env of its own config, or a scripted controller on a run's env or a registered env id.
/// </summary>
public sealed class PolicySession : IDisposable
{
    readonly LoadedPolicy? _loaded, _second;

    PolicySession(IEpisodeRunner runner, string title, LoadedPolicy? loaded, LoadedPolicy? second = null) =>
        (Runner, Title, _loaded, _second) = (runner, title, loaded, second);

    public IEpisodeRunner Runner { get; }
    public string Title { get; }

    /// <param name="track">One track (the env option `track`), or null for the run's.</param>
    /// <param name="seed">Env seed of the first episode; null: a checkpoint's evaluation seeds (Evaluator.DefaultSeed), as eval plays them.</param>
    /// <param name="maxSteps">The episode cap (env option max_steps), or null for the run's.</param>
    public static PolicySession Open(string target, string policy, string? track, bool stochastic, int? seed, int? maxSteps = null)
    {
        var overrides = EvalCommand.EnvOverrides(track, maxSteps);
        switch (policy)
        {
            case "checkpoint":
            {
                if (!File.Exists(target) && !Directory.Exists(target))
                    throw new UserError($"{target}: no such run or checkpoint (to watch a built-in controller on an env, add --policy scripted)");
                LoadedPolicy loaded = LoadedPolicy.Load(target);
                try
                {
                    IEnv env = EnvFactory.Make(loaded.Config.Env, 0, overrides);
                    RlLab.Agents.Evaluation.Evaluator.Freeze(env, loaded.ObservationStatistics);
                    bool deterministic = !stochastic;
                    int first = seed ?? RlLab.Agents.Evaluation.Evaluator.DefaultSeed(loaded.Config, 0);
                    IEpisodeRunner runner = env switch
                    {
                        IEnv<float> f => new EpisodeRunner<float>(f, (o, a) => loaded.Act(o, a, deterministic), first),
                        IEnv<byte> b => new EpisodeRunner<byte>(b, (o, a) => loaded.Act(o, a, deterministic), first),
                        _ => throw new UserError($"{target}: unsupported observation type"),
                    };
                    return new PolicySession(runner, $"{loaded.Config.Name} {Path.GetFileName(loaded.Path)}{(stochastic ? " (stochastic)" : "")}", loaded);
                }
                catch
                {
                    loaded.Dispose();
                    throw;
                }
            }
            case "scripted":
            {
                EnvConfig config = ScriptedEnv(target);
                IEnv env = EnvFactory.Make(config, 0, overrides);
                IEpisodeRunner runner = env switch
                {
                    IEnv<float> f => new EpisodeRunner<float>(f, ScriptedPolicies.For<float>(f), seed ?? 0),
                    IEnv<byte> b => new EpisodeRunner<byte>(b, ScriptedPolicies.For<byte>(b), seed ?? 0),
                    _ => throw new UserError($"{target}: unsupported observation type"),
                };
                return new PolicySession(runner, $"{config.Id} scripted", null);
            }
            default:
                throw new UserError($"--policy: '{policy}' is not checkpoint or scripted");
        }
    }

    /// <summary>Two Pong agents playing each other (<see cref="PongMatch"/>): the first on the right, the second on the left.</summary>
    public static PolicySession OpenMatch(string right, string left, int? seed)
    {
        foreach (string p in new[] { right, left })
            if (!File.Exists(p) && !Directory.Exists(p)) throw new UserError($"{p}: no such run, checkpoint or bundle");
        LoadedPolicy r = LoadedPolicy.Load(right);
        LoadedPolicy? l = null;
        try
        {
            l = LoadedPolicy.Load(left);
            IEnv env = EnvFactory.Make(PongMatch.RightEnv(r, null), 0);
            RlLab.Agents.Evaluation.Evaluator.Freeze(env, r.ObservationStatistics);
            PongMatch.AttachLeft(env, l, null);
            IEpisodeRunner runner = env switch
            {
                IEnv<float> f => new EpisodeRunner<float>(f, (o, a) => r.Act(o, a), seed ?? 0),
                IEnv<byte> b => new EpisodeRunner<byte>(b, (o, a) => r.Act(o, a), seed ?? 0),
                _ => throw new UserError($"{right}: unsupported observation type"),
            };
            return new PolicySession(runner, $"{r.Config.Name} (right, green) against {l.Config.Name} (left, orange)", r, l);
        }
        catch
        {
            r.Dispose();
            l?.Dispose();
            throw;
        }
    }

    /// <summary>The env of an experiment file, a run or a checkpoint (read from its config, without torch), or a registered env id.</summary>
    static EnvConfig ScriptedEnv(string target)
    {
        if (File.Exists(target) && target.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
            return ConfigLoader.Load(target).Env;
        if (File.Exists(target) && target.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            using RlLab.Agents.Bundles.AgentBundle bundle = RlLab.Agents.Bundles.BundleReader.Read(target);
            return bundle.ToExperimentConfig().Env;
        }
        if (File.Exists(target) || Directory.Exists(target))
        {
            string path = Directory.Exists(target) && File.Exists(Path.Combine(target, "config.yaml"))
                ? Path.Combine(target, "config.yaml") : Checkpoint.Resolve(target);
            string yaml = path.EndsWith(".yaml", StringComparison.Ordinal) ? File.ReadAllText(path) : Checkpoint.ReadHeader(path).ConfigYaml;
            return ConfigLoader.ParseStored(yaml, path).Env;
        }
        if (!EnvRegistry.Default.TryGet(target, out EnvSpec spec))
            throw new UserError($"{target}: not a run, a checkpoint or an env id (known envs: {string.Join(", ", EnvRegistry.Default.Specs.Select(s => s.Id))})");
        return new EnvConfig(spec.Id, 1, 1, new Dictionary<string, object?>(), []);
    }

    public void Dispose()
    {
        Runner.Dispose();
        _loaded?.Dispose();
        _second?.Dispose();
    }
}
