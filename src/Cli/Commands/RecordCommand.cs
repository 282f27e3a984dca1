using System.CommandLine;
using RlLab.Viz.Input;
using RlLab.Viz.Recording;
using RlLab.Viz.Scenes;

namespace RlLab.Cli.Commands;

/// <summary>
/// `rllab record &lt;run|checkpoint&gt; --out episode.mp4|episode.gif [--seed SEED] [--track TRACK] [--episodes N] [--max-steps N] [--size WxH]`:
/// renders whole episodes offscreen and encodes them with ffmpeg (needs a display: `xvfb-run -a`).
/// </summary>
public static class RecordCommand
{
    public static Command Create()
    {
        var target = WatchCommand.TargetArgument();
        var output = new Option<string>("--out") { HelpName = "FILE", Description = "The video to write: .mp4 (H.264) or .gif", DefaultValueFactory = _ => "episode.mp4" };
        var episodes = new Option<int>("--episodes") { HelpName = "N", Description = "Episodes to record", DefaultValueFactory = _ => 1 };
        var size = WatchCommand.SizeOption("640x360", "Video size in pixels");
        var track = Selectors.Track();
        var stochastic = new Option<bool>("--stochastic") { Description = "Sample actions instead of taking the mean/most likely one" };
        var policy = WatchCommand.PolicyOption();
        var seed = Selectors.Seed();
        var camera = WatchCommand.CameraOption();
        var maxSteps = EvalCommand.MaxStepsOption();
        var fps = new Option<double?>("--fps") { HelpName = "FPS", Description = "Frames per second of the video (default: the env's step rate, one frame per step)" };
        var noHud = new Option<bool>("--no-hud") { Description = "Leave out the HUD and the observation inset" };
        var command = new Command("record", "Render episodes to an MP4 or a GIF")
        {
            target, output, episodes, size, track, stochastic, policy, seed, camera, maxSteps, fps, noHud,
        };
        Help.Examples(command,
            "xvfb-run -a ./rllab record runs/cartpole --out cartpole.gif",
            "./rllab record runs/cartpole --seed 1000007 --out seed7.mp4   # the episode eval scored with seed 1000007",
            "./rllab record Driving --policy scripted --track oval --max-steps 600 --out oval.gif");
        command.SetAction(parse => WatchCommand.Guard(() =>
        {
            string path = parse.GetValue(output)!;
            string ext = Path.GetExtension(path).ToLowerInvariant();
            if (ext is not (".mp4" or ".gif")) throw new UserError($"--out: '{path}' must end in .mp4 or .gif");
            var (w, h) = WatchCommand.ParseSize(parse.GetValue(size)!, "--size");
            if (ext == ".mp4" && (w % 2 != 0 || h % 2 != 0)) throw new UserError($"--size: an MP4 needs an even width and height, got {w}x{h}");
            int n = parse.GetValue(episodes);
            if (n is < 1 or > 10_000) throw new UserError($"--episodes: {n} is outside [1, 10000]");
            int? cap = parse.GetValue(maxSteps);
            double? rate = parse.GetValue(fps);
            if (rate is double r && !(r > 0 && r <= 240)) throw new UserError($"--fps: {r} is outside (0, 240]");

            using var session = PolicySession.Open(parse.GetValue(target)!, parse.GetValue(policy)!, Selectors.SingleTrack(parse.GetValue(track)), parse.GetValue(stochastic), parse.GetValue(seed), cap);
            CameraMode mode = WatchCommand.ResolveCamera(parse.GetValue(camera)!, SceneFactory.Create(session.Runner.Env));
            bool hud = !parse.GetValue(noHud);
            var options = new RecordOptions
            {
                // The env ends the episode at --max-steps; the recorder's own limit only guards against an env without one.
                Width = w, Height = h, Episodes = n, MaxSteps = cap ?? FilmLimit, Camera = mode, Fps = rate, Hud = hud, Inset = hud, Title = session.Title,
            };
            RecordResult result = EpisodeRecorder.Record(session.Runner, path, options);
            foreach (var e in result.Episodes) Console.WriteLine(WatchCommand.EpisodeLine(e));
            Console.WriteLine($"wrote {path}: {result.Frames} frames, {result.Width}x{result.Height}, {result.Fps:0.##} fps");
            return 0;
        }));
        return command;
    }

    /// <summary>Most steps filmed of an episode whose env has no time limit (e.g. Driving with max_steps 0).</summary>
    const int FilmLimit = 10_000;

    /// <summary>
    /// Films a checkpoint's policy (mean action) into <paramref name="path"/>: the hook for
    /// `train.video_every_steps` (TrainingCallbacks.CheckpointSaved). Throws UserError when there is no
    /// display or no ffmpeg; the trainer should report that once and carry on.
    /// </summary>
    public static RecordResult RecordCheckpoint(string checkpoint, string path, RecordOptions? options = null) =>
        RecordCheckpointCore(checkpoint, path, options ?? new RecordOptions { MaxSteps = 1000 });

    static RecordResult RecordCheckpointCore(string checkpoint, string path, RecordOptions options)
    {
        RecordResult? result = null;
        WatchCommand.Guard(() =>
        {
            using var session = PolicySession.Open(checkpoint, "checkpoint", null, false, 0);
            result = EpisodeRecorder.Record(session.Runner, path, options with { Title = options.Title ?? session.Title });
            return 0;
        });
        return result!;
    }
}
