using System.CommandLine;
using System.Globalization;
using RlLab.Agents.Plotting;
using RlLab.Agents.Training;

namespace RlLab.Cli.Commands;

/// <summary>
/// `rllab plot &lt;run&gt;... [--out file.png] [--metric NAME]`: reward curves (or another episodes.csv column) of several runs on one plot. Runs whose
/// configs differ only in the seed are one curve: the mean ± std across seeds, labelled by what
/// differs from the other curves (<see cref="RunGroups"/>).
/// </summary>
public static class PlotCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("runs") { HelpName = "RUN", Description = "Run directories", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "The PNG to write (default: compare.png; for a single run, curve-steps.png in the run)", HelpName = "FILE.png" };
        var window = new Option<int>("--window") { Description = "Moving-average window in episodes", DefaultValueFactory = _ => 20, HelpName = "EPISODES" };
        var metric = new Option<string>("--metric")
        {
            Description = "The episodes.csv column to plot: return, length, or an env metric such as Pong's point_share or Driving's distance",
            DefaultValueFactory = _ => "return",
            HelpName = "NAME",
        };
        var command = new Command("plot", "Plot reward curves of one or several runs; seeds of one config are one band, each labelled by the settings that differ") { runs, output, window, metric };
        Help.Examples(command, "./rllab plot runs/cartpole", "./rllab plot runs/ppo-lr* --out lr.png", "./rllab plot runs/pong-reinforce --metric point_share --window 100");
        command.SetAction(parse => Run(parse.GetValue(runs)!, parse.GetValue(output), parse.GetValue(window), parse.GetValue(metric)!));
        return command;
    }

    static int Run(string[] runs, string? output, int window, string metric)
    {
        if (window is < 1 or > 1_000_000) throw new UserError($"--window: {window} must be 1 to 1000000 episodes");
        var loaded = runs.Select(r => Load(r, metric)).ToList();
        var (groupOf, labels) = RunGroups.Assign([.. loaded.Select(r => r.Config)], [.. loaded.Select(r => r.Name)]);
        var curves = new List<Curve>();
        for (int g = 0; g < labels.Length; g++)
        {
            var members = loaded.Where((_, i) => groupOf[i] == g).ToList();
            // A common x grid (env steps) up to the shortest run, so seeds can be averaged point by point.
            double end = members.Min(m => m.Steps.Length == 0 ? 0 : m.Steps[^1]);
            double start = members.Max(m => m.Steps.Length == 0 ? 0 : m.Steps[0]);
            if (end <= start) throw new UserError($"{members[0].Path}: not enough episodes to plot");
            double[] grid = Enumerable.Range(0, 200).Select(i => start + (end - start) * i / 199.0).ToArray();
            double[][] ys = members.Select(m => Interpolate(m.Steps, CurvePlot.MovingAverage(m.Returns, window), grid)).ToArray();
            curves.Add(new Curve(labels[g], grid, ys));
        }
        string path = output ?? (runs.Length == 1 ? Path.Combine(runs[0], metric == "return" ? "curve-steps.png" : $"curve-{metric}.png") : "compare.png");
        CurvePlot.Compare(path, metric == "return" ? "episode return" : $"episode {metric}", "environment steps", $"{metric} (moving mean of {window})", curves);
        Console.WriteLine($"wrote {path}");
        return 0;
    }

    sealed record RunCurve(string Path, string Name, IReadOnlyDictionary<string, string> Config, double[] Steps, double[] Returns);

    static RunCurve Load(string path, string metric)
    {
        var run = new RunDirectory(path);
        if (!RunDirectory.IsRun(path)) throw new UserError($"{path}: not a run directory (no config.yaml)");
        if (!File.Exists(run.EpisodesCsv)) throw new UserError($"{run.EpisodesCsv}: no such file");
        IReadOnlyDictionary<string, string> config;
        try { config = RunGroups.Flatten(File.ReadAllText(run.Config)); }
        catch (YamlDotNet.Core.YamlException e) { throw new UserError($"{run.Config}:{e.Start.Line}: {e.Message}"); }
        string[] lines = File.ReadAllLines(run.EpisodesCsv);
        string[] header = lines.Length == 0 ? [] : lines[0].Split(',');
        int column = Array.IndexOf(header, metric);
        if (column < 2)
            throw new UserError($"--metric {metric}: {run.EpisodesCsv} has no such column (it has: {string.Join(", ", header.Skip(2))})");
        var steps = new List<double>();
        var returns = new List<double>();
        for (int i = 1; i < lines.Length; i++)
        {
            string[] cells = lines[i].Split(',');
            if (cells.Length > column && Number(cells[1]) is double step && Number(cells[column]) is double r) { steps.Add(step); returns.Add(r); }
            // A live run's writer may have torn its last line; any other bad row is a damaged file.
            else if (i < lines.Length - 1) throw new UserError($"{run.EpisodesCsv}:{i + 1}: not an episodes row (episode,step,return,...)");
        }
        return new RunCurve(path, run.Name, config, [.. steps], [.. returns]);
    }

    static double? Number(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : null;

    static double[] Interpolate(double[] x, double[] y, double[] grid)
    {
        var result = new double[grid.Length];
        int j = 0;
        for (int i = 0; i < grid.Length; i++)
        {
            while (j < x.Length - 2 && x[j + 1] < grid[i]) j++;
            if (x.Length == 1) { result[i] = y[0]; continue; }
            double t = x[j + 1] == x[j] ? 0 : Math.Clamp((grid[i] - x[j]) / (x[j + 1] - x[j]), 0, 1);
            result[i] = y[j] + t * (y[j + 1] - y[j]);
        }
        return result;
    }
}
