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
        var track = Selectors.Track("0");
        track.HelpName = "SELECTOR";
        track.Description = $"Driving tracks: {Selectors.Syntax}; several make a contact sheet (default: 0)";
        var output = new Option<string>("--out") { HelpName = "FILE", Description = "The PNG to write", DefaultValueFactory = _ => "track.png" };
        var size = WatchCommand.SizeOption("800x600", "Picture size in pixels (the track is fitted and centred)");
        var laneWidth = new Option<double>("--lane-width") { HelpName = "METRES", Description = "Lane width of procedural tracks (m)", DefaultValueFactory = _ => Track.DefaultLaneWidth };
        var export = new Option<string?>("--export") { HelpName = "FILE", Description = "Also save the track to this .track file (a point every 5 m)" };
        var command = new Command("render", "Draw a track overview (centreline, edges, start line) to a PNG");
        command.Options.Add(export);
        command.Options.Add(track);
        command.Options.Add(output);
        command.Options.Add(size);
        command.Options.Add(laneWidth);
        Help.Examples(command, "./rllab sim render --track oval --out oval.png", "./rllab sim render --track 0-7 --size 1600x800 --out tracks.png");
        command.SetAction(parse =>
        {
            var (w, h) = WatchCommand.ParseSize(parse.GetValue(size)!, "--size");
            if (w < 64 || h < 64) throw new UserError($"--size: {w}x{h} is under 64x64");
            EpisodeSelector selector = parse.GetValue(track) ?? EpisodeSelector.Parse("0");
            string path = parse.GetValue(output)!;
            var gen = TrackGenOptions.Default with { LaneWidth = parse.GetValue(laneWidth) };
            if (selector.Count > 1)
            {
                Canvas sheet = Fit(ContactSheet(selector, gen, w, h), w, h);
                Png.Write(path, sheet.Pixels, sheet.Width, sheet.Height, 3);
                Console.WriteLine($"{path}: tracks {selector}, {sheet.Width}x{sheet.Height}");
                return 0;
            }
            Track t = ResolveTrack(selector.Items[0].TrackOption, gen);
            Canvas drawn = TrackOverview.Draw(t, Math.Max(w, h));
            // Drawn to the longer side, then redrawn smaller if the other side does not fit.
            double shrink = Math.Min((double)w / drawn.Width, (double)h / drawn.Height);
            if (shrink < 1) drawn = TrackOverview.Draw(t, Math.Max(16, (int)(Math.Max(w, h) * shrink)));
            Canvas canvas = Fit(drawn, w, h);
            // The export first: a path it cannot write stops the verb before the picture is written.
            if (parse.GetValue(export) is string exportPath)
            {
                try { TrackFile.Save(t, exportPath, every: 5); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UserError(CliErrors.CannotWrite("--export", exportPath, e)); }
            }
            Png.Write(path, canvas.Pixels, canvas.Width, canvas.Height, 3);
            if (parse.GetValue(export) is string exported) Console.WriteLine($"{exported}: track {t.Name} as a track file");
            Console.WriteLine($"{path}: track {t.Name}, {t.Length.ToString("F1", CultureInfo.InvariantCulture)} m, width {t.Width.ToString(CultureInfo.InvariantCulture)} m, {canvas.Width}x{canvas.Height}");
            return 0;
        });
        return command;
    }

    /// <summary>Several tracks side by side ("0-7", "1,5,9" or names), four to a row, in squares that fit WxH.</summary>
    static Canvas ContactSheet(EpisodeSelector tracks, TrackGenOptions gen, int width, int height)
    {
        if (tracks.Count > 64) throw new UserError($"--track: {tracks.Count} tracks; a sheet shows at most 64");
        int columns = Math.Min(4, tracks.Count), rows = (tracks.Count + columns - 1) / columns, cell = Math.Max(64, Math.Min(width / columns, height / rows));
        var sheet = new Canvas(columns * cell, rows * cell);
        Array.Fill(sheet.Pixels, (byte)255);
        for (int k = 0; k < tracks.Count; k++)
        {
            Track t = ResolveTrack(tracks.Items[k].TrackOption, gen);
            Canvas one = TrackOverview.Draw(t, cell - 4);
            int ox = (k % columns) * cell + (cell - one.Width) / 2, oy = (k / columns) * cell + (cell - one.Height) / 2;
            for (int y = 0; y < one.Height; y++)
                one.Pixels.AsSpan(y * one.Width * 3, one.Width * 3).CopyTo(sheet.Pixels.AsSpan(((oy + y) * sheet.Width + ox) * 3));
        }
        return sheet;
    }

    /// <summary>Centres <paramref name="picture"/> on a WxH canvas (a picture larger than that is returned as it is).</summary>
    static Canvas Fit(Canvas picture, int width, int height)
    {
        if (picture.Width >= width && picture.Height >= height) return picture;
        int w = Math.Max(width, picture.Width), h = Math.Max(height, picture.Height);
        var canvas = new Canvas(w, h);
        // Padded with the picture's own background (its corner pixel), so the margin does not show.
        for (int i = 0; i < canvas.Pixels.Length; i += 3) picture.Pixels.AsSpan(0, 3).CopyTo(canvas.Pixels.AsSpan(i));
        int ox = (w - picture.Width) / 2, oy = (h - picture.Height) / 2;
        for (int y = 0; y < picture.Height; y++)
            picture.Pixels.AsSpan(y * picture.Width * 3, picture.Width * 3).CopyTo(canvas.Pixels.AsSpan(((oy + y) * w + ox) * 3));
        return canvas;
    }

    /// <summary>Largest side of a saved observation picture (px): an upscale past it would take gigabytes.</summary>
    const int MaxPicture = 8192;

    static Command Obs()
    {
        var observation = new Option<string>("--observation") { HelpName = "MODE", Description = "camera, topdown or lidar", DefaultValueFactory = _ => "camera" };
        observation.AcceptOnlyFromAmong("camera", "topdown", "lidar");
        var track = Selectors.Track("0");
        var output = new Option<string>("--out") { HelpName = "FILE", Description = "The PNG to write", DefaultValueFactory = _ => "obs.png" };
        var width = new Option<int>("--width") { HelpName = "PIXELS", Description = "Observation width, the env option width (camera, topdown)", DefaultValueFactory = _ => 64 };
        var height = new Option<int>("--height") { HelpName = "PIXELS", Description = "Observation height, the env option height (camera, topdown)", DefaultValueFactory = _ => 64 };
        var channels = new Option<int>("--channels") { HelpName = "C", Description = "1 or 3", DefaultValueFactory = _ => 3 };
        var steps = new Option<int>("--steps") { HelpName = "N", Description = "Steps to drive along the centreline before the picture", DefaultValueFactory = _ => 30 };
        var seed = Selectors.Seed("0");
        var scale = new Option<int>("--scale") { HelpName = "K", Description = "Integer upscale of the saved picture (0: to at least 256 px)", DefaultValueFactory = _ => 0 };
        var set = new Option<string[]>("--set") { HelpName = "KEY=VALUE", Description = "Extra env options KEY=VALUE (e.g. fov=60, randomize.colors=true)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("obs", "Save what the agent sees (camera, topdown, or lidar rays) to a PNG");
        foreach (Option o in new Option[] { observation, track, output, width, height, channels, steps, seed, scale, set }) command.Options.Add(o);
        Help.Examples(command, "./rllab sim obs --observation lidar --track oval --out lidar.png", "./rllab sim obs --width 96 --height 96 --set fov=60 --out camera.png");
        command.SetAction(parse =>
        {
            string mode = parse.GetValue(observation)!;
            var options = new Dictionary<string, object?>
            {
                ["observation"] = mode,
                ["track"] = Selectors.SingleTrack(parse.GetValue(track)) ?? "0",
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
                var (pixels, w, h, c) = Capture(env, parse.GetValue(seed) ?? 0, n);
                int k = parse.GetValue(scale);
                if (k <= 0) k = Math.Max(1, (int)Math.Ceiling(256.0 / Math.Max(w, h)));
                if ((long)Math.Max(w, h) * k > MaxPicture)
                    throw new UserError($"--scale: {k} makes a {(long)w * k}x{(long)h * k} picture; at most {MaxPicture} px a side");
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
