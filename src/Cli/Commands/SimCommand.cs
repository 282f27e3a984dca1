using System.CommandLine;
using System.Globalization;
using RlLab.Envs;
using RlLab.Envs.Driving;
using RlLab.Envs.Registry;
using RlLab.Sim.Render;
using RlLab.Sim.Sensors;
using RlLab.Sim.Tracks;
using RlLab.Viz.Images;

namespace RlLab.Cli.Commands;

/// <summary>
/// `rllab sim render`: a track overview PNG. `rllab sim obs`: what the agent sees (camera, topdown,
/// or lidar rays drawn over a top-down view) after driving a few steps along the centreline.
/// </summary>
public static class SimCommand
{
    public static Command Create()
    {
        var command = new Command("sim", "Driving simulator pictures: track overviews and observations");
        command.Subcommands.Add(Render());
        command.Subcommands.Add(Obs());
        return command;
    }

    static Command Render()
    {
        var track = new Option<string>("--track") { Description = "A track seed, a track file/name (experiments/tracks/NAME.track), or seeds (0-7) for a contact sheet", DefaultValueFactory = _ => "0" };
        var output = new Option<string>("--out") { Description = "PNG to write", DefaultValueFactory = _ => "track.png" };
        var size = new Option<int>("--size") { Description = "Longer side of the picture in pixels", DefaultValueFactory = _ => 800 };
        var laneWidth = new Option<double>("--lane-width") { Description = "Lane width of procedural tracks (m)", DefaultValueFactory = _ => Track.DefaultLaneWidth };
        var export = new Option<string?>("--export") { Description = "Also save the track in the .track format (a point every 5 m)" };
        var command = new Command("render", "Draw a track overview (centreline, edges, start line) to a PNG");
        command.Options.Add(export);
        command.Options.Add(track);
        command.Options.Add(output);
        command.Options.Add(size);
        command.Options.Add(laneWidth);
        command.SetAction(parse =>
        {
            int px = parse.GetValue(size);
            if (px is < 64 or > 8192) throw new UserError($"--size: {px} is outside [64, 8192]");
            string spec = parse.GetValue(track)!;
            string path = parse.GetValue(output)!;
            var gen = TrackGenOptions.Default with { LaneWidth = parse.GetValue(laneWidth) };
            if (spec.Contains('-', StringComparison.Ordinal) || spec.Contains(',', StringComparison.Ordinal))
            {
                if (!int.TryParse(spec, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) && TrackSet.ResolveFile(spec) is null)
                {
                    Canvas sheet = ContactSheet(spec, gen, px);
                    Png.Write(path, sheet.Pixels, sheet.Width, sheet.Height, 3);
                    Console.WriteLine($"{path}: tracks {spec}, {sheet.Width}x{sheet.Height}");
                    return 0;
                }
            }
            Track t = ResolveTrack(spec, gen);
            Canvas canvas = TrackOverview.Draw(t, px);
            Png.Write(path, canvas.Pixels, canvas.Width, canvas.Height, 3);
            if (parse.GetValue(export) is string exportPath)
            {
                TrackFile.Save(t, exportPath, every: 5);
                Console.WriteLine($"{exportPath}: track {t.Name} as a track file");
            }
            Console.WriteLine($"{path}: track {t.Name}, {t.Length.ToString("F1", CultureInfo.InvariantCulture)} m, width {t.Width.ToString(CultureInfo.InvariantCulture)} m, {canvas.Width}x{canvas.Height}");
            return 0;
        });
        return command;
    }

    /// <summary>Several seeds side by side ("0-7" or "1,5,9"), four to a row, each in a square of --size / 4.</summary>
    static Canvas ContactSheet(string spec, TrackGenOptions gen, int size)
    {
        IReadOnlyList<int> seeds;
        try { seeds = TrackSet.ParseSeeds(spec); }
        catch (FormatException e) { throw new UserError($"--track: {e.Message}"); }
        if (seeds.Count > 64) throw new UserError($"--track: {seeds.Count} tracks; a sheet shows at most 64");
        int columns = Math.Min(4, seeds.Count), rows = (seeds.Count + columns - 1) / columns, cell = Math.Max(64, size / columns);
        var sheet = new Canvas(columns * cell, rows * cell);
        Array.Fill(sheet.Pixels, (byte)255);
        for (int k = 0; k < seeds.Count; k++)
        {
            Track t = ResolveTrack(seeds[k].ToString(CultureInfo.InvariantCulture), gen);
            Canvas one = TrackOverview.Draw(t, cell - 4);
            int ox = (k % columns) * cell + (cell - one.Width) / 2, oy = (k / columns) * cell + (cell - one.Height) / 2;
            for (int y = 0; y < one.Height; y++)
                one.Pixels.AsSpan(y * one.Width * 3, one.Width * 3).CopyTo(sheet.Pixels.AsSpan(((oy + y) * sheet.Width + ox) * 3));
        }
        return sheet;
    }

    static Command Obs()
    {
        var observation = new Option<string>("--observation") { Description = "camera, topdown or lidar", DefaultValueFactory = _ => "camera" };
        observation.AcceptOnlyFromAmong("camera", "topdown", "lidar");
        var track = new Option<string>("--track") { Description = "A track seed or a track file/name", DefaultValueFactory = _ => "0" };
        var output = new Option<string>("--out") { Description = "PNG to write", DefaultValueFactory = _ => "obs.png" };
        var width = new Option<int>("--width") { Description = "Image width (camera, topdown)", DefaultValueFactory = _ => 64 };
        var height = new Option<int>("--height") { Description = "Image height (camera, topdown)", DefaultValueFactory = _ => 64 };
        var channels = new Option<int>("--channels") { Description = "1 or 3", DefaultValueFactory = _ => 3 };
        var steps = new Option<int>("--steps") { Description = "Steps to drive along the centreline before the picture", DefaultValueFactory = _ => 30 };
        var seed = new Option<int>("--seed") { Description = "Env seed", DefaultValueFactory = _ => 0 };
        var scale = new Option<int>("--scale") { Description = "Integer upscale of the saved picture (0: to at least 256 px)", DefaultValueFactory = _ => 0 };
        var set = new Option<string[]>("--set") { Description = "Extra env options KEY=VALUE (e.g. fov=60, randomize.colors=true)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("obs", "Save what the agent sees (camera, topdown, or lidar rays) to a PNG");
        foreach (Option o in new Option[] { observation, track, output, width, height, channels, steps, seed, scale, set }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            string mode = parse.GetValue(observation)!;
            var options = new Dictionary<string, object?>
            {
                ["observation"] = mode,
                ["track"] = parse.GetValue(track),
            };
            if (mode != "lidar")
            {
                options["width"] = parse.GetValue(width).ToString(CultureInfo.InvariantCulture);
                options["height"] = parse.GetValue(height).ToString(CultureInfo.InvariantCulture);
                options["channels"] = parse.GetValue(channels).ToString(CultureInfo.InvariantCulture);
            }
            var randomize = new Dictionary<string, object?>();
            foreach (string kv in parse.GetValue(set) ?? [])
            {
                int eq = kv.IndexOf('=');
                if (eq <= 0) throw new UserError($"--set: expected KEY=VALUE, got '{kv}'");
                string key = kv[..eq];
                if (key.StartsWith("randomize.", StringComparison.Ordinal)) randomize[key["randomize.".Length..]] = kv[(eq + 1)..];
                else options[key] = kv[(eq + 1)..];
            }
            if (randomize.Count > 0) options["randomize"] = randomize;
            IEnv env;
            try { env = EnvRegistry.Default.Make("Driving", new EnvOptions(options)); }
            catch (EnvOptionException e) { throw new UserError($"option '{e.Key}': {e.Message}"); }
            catch (Exception e) when (e is TrackFormatException or FileNotFoundException) { throw new UserError(e.Message); }
            using (env)
            {
                int n = parse.GetValue(steps);
                if (n < 0) throw new UserError($"--steps: {n} is negative");
                string path = parse.GetValue(output)!;
                var (pixels, w, h, c) = Capture(env, parse.GetValue(seed), n);
                int k = parse.GetValue(scale);
                if (k <= 0) k = Math.Max(1, (int)Math.Ceiling(256.0 / Math.Max(w, h)));
                if (k > 1) (pixels, w, h) = (Png.Upscale(pixels, w, h, c, k), w * k, h * k);
                Png.Write(path, pixels, w, h, c);
                var core = ((IDrivingEnv)env).Core;
                Console.WriteLine($"{path}: {mode} on track {core.Track.Name} after {core.Steps} steps, {w}x{h}x{c}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>Drives the scripted driver for some steps, then returns the picture.</summary>
    static (byte[] Pixels, int W, int H, int C) Capture(IEnv env, int seed, int steps)
    {
        var action = new float[2];
        if (env is DrivingImageEnv img)
        {
            var obs = new byte[img.ObservationSpace.FlatSize];
            img.Reset(obs, seed);
            for (int i = 0; i < steps; i++)
            {
                CentrelineDriver.Act(img.Core, action);
                if (img.Step(action, obs).Done) break;
            }
            return (obs, img.ImageWidth, img.ImageHeight, img.ImageChannels);
        }
        var lidarEnv = (DrivingEnv)env;
        var o = new float[lidarEnv.ObservationSpace.FlatSize];
        lidarEnv.Reset(o, seed);
        for (int i = 0; i < steps; i++)
        {
            CentrelineDriver.Act(lidarEnv.Core, action);
            if (lidarEnv.Step(action, o).Done) break;
        }
        return LidarPicture(lidarEnv);
    }

    /// <summary>A 320×320 top-down view at 0.1 m/px with the rays drawn from the car to their hits.</summary>
    static (byte[], int, int, int) LidarPicture(DrivingEnv env)
    {
        const int size = 320;
        const double mpp = 0.1;
        var core = env.Core;
        var view = new TopDownRenderer(size, size, 3, mpp, core.Car.Params);
        var table = new uint[256];
        Palette.Default.BuildTable(core.Track.HalfWidth, core.Track.Grid.Scale, 3, table);
        var canvas = new Canvas(size, size);
        view.Render(core.Track, core.Car.State, core.Car.Params, table, Palette.Default.Car.Packed, canvas.Pixels);
        var lidar = env.Lidar!;
        ReadOnlySpan<float> d = env.LidarDistances;
        var ray = new Rgb(255, 220, 0);
        var hit = new Rgb(230, 30, 200);
        for (int i = 0; i < lidar.Rays; i++)
        {
            double a = lidar.Angles[i];
            double x = view.AnchorColumn - Math.Sin(a) * d[i] / mpp, y = view.AnchorRow - Math.Cos(a) * d[i] / mpp;
            canvas.Line(view.AnchorColumn, view.AnchorRow, x, y, ray);
            if (d[i] < lidar.MaxRange) canvas.Dot(x, y, hit, 4);
        }
        return (canvas.Pixels, size, size, 3);
    }

    /// <summary>A seed or a track file/name to a track; user errors as one line.</summary>
    public static Track ResolveTrack(string spec, TrackGenOptions options)
    {
        if (int.TryParse(spec, NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed))
        {
            try { return TrackCache.Get(seed, options); }
            catch (ArgumentException e) { throw new UserError(e.Message); }
        }
        string path = TrackSet.ResolveFile(spec) ?? throw new UserError($"--track: '{spec}' is neither a seed nor a track file (also looked in experiments/tracks/)");
        try { return TrackCache.Load(path); }
        catch (TrackFormatException e) { throw new UserError(e.Message); }
    }
}
