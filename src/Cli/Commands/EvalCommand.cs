using System.CommandLine;
using System.Globalization;
using RlLab.Agents.Config;
using RlLab.Agents.Evaluation;
using RlLab.Agents.Policies;
using RlLab.Agents.Training;

namespace RlLab.Cli.Commands;

/// <summary>`rllab eval &lt;run|checkpoint&gt; [--episodes N] [--tracks 10000-10019] [--max-steps N] [--stochastic]`.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("run") { Description = "A run directory, a .ckpt file or an agent bundle (.safetensors)" };
        var episodes = new Option<int?>("--episodes") { Description = "Episodes to play (default: the config's eval_episodes, or one per track)" };
        var tracks = new Option<string?>("--tracks") { Description = "Driving only: track seeds, e.g. 10000-10019 or 3,7,9 (one episode each)" };
        var stochastic = new Option<bool>("--stochastic") { Description = "Sample actions instead of taking the mean/most likely one" };
        var output = new Option<string?>("--out") { Description = "Where to write eval.json (default: the run directory; for a bundle, NAME.eval.json beside it)" };
        var maxSteps = new Option<int?>("--max-steps") { Description = "Override the env option max_steps, e.g. so that a whole lap fits" };
        var command = new Command("eval", "Evaluate a trained agent") { target, episodes, tracks, stochastic, output, maxSteps };
        command.SetAction(parse => Run(parse.GetValue(target)!, parse.GetValue(episodes), parse.GetValue(tracks), parse.GetValue(stochastic), parse.GetValue(output), parse.GetValue(maxSteps)));
        return command;
    }

    static int Run(string target, int? episodes, string? tracks, bool stochastic, string? output, int? maxSteps)
    {
        if (!File.Exists(target) && !Directory.Exists(target)) throw new UserError($"{target}: no such run or checkpoint");
        if (maxSteps is < 1) throw new UserError($"--max-steps: {maxSteps} must be at least 1");
        using LoadedPolicy policy = LoadedPolicy.Load(target);
        int[]? seeds = tracks is null ? null : ParseSeeds(tracks);
        int n = episodes ?? seeds?.Length ?? Math.Max(1, policy.Config.Train.EvalEpisodes);
        Func<int, IReadOnlyDictionary<string, object?>?>? perEpisode = seeds is null && maxSteps is null ? null : i =>
        {
            var options = seeds is null ? [] : EnvFactory.SingleTrack(seeds[i % seeds.Length].ToString(CultureInfo.InvariantCulture));
            if (maxSteps is int m) options["max_steps"] = m.ToString(CultureInfo.InvariantCulture);
            return options;
        };

        EvalSummary summary;
        try
        {
            summary = Evaluator.Run(policy.Config, policy.Network, policy.Device, policy.Path, n, !stochastic, perEpisode, policy.ObservationStatistics);
        }
        catch (RlLab.Envs.Registry.EnvOptionException e)
        {
            throw new UserError($"{policy.Config.Env.Id}: {e.Key}: {e.Message}");
        }
        Print(summary);

        string path;
        if (output is not null) path = output;
        else if (policy.Bundle is not null) path = Path.ChangeExtension(target, ".eval.json"); // a bundle has no run directory
        else
        {
            string runDir = Directory.Exists(target) && RunDirectory.IsRun(target) ? target : Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(policy.Path)))!;
            path = new RunDirectory(runDir).Eval;
        }
        Evaluator.WriteJson(path, summary);
        Console.WriteLine($"wrote {path}");
        return 0;
    }

    static void Print(EvalSummary s)
    {
        bool driving = s.MeanDistance is not null;
        Console.WriteLine(driving
            ? $"{"#",4} {"track",8} {"return",9} {"steps",6} {"distance",9} {"laps",4} {"best lap",9}  end"
            : $"{"#",4} {"return",9} {"steps",6}  end");
        foreach (EvalEpisode r in s.Rows)
            Console.WriteLine(driving
                ? $"{r.Index,4} {r.Track,8} {r.Return,9:F1} {r.Length,6} {r.Distance,9:F1} {r.Laps,4} {(double.IsNaN(r.BestLapTime) ? "-" : r.BestLapTime.ToString("F1", CultureInfo.InvariantCulture)),9}  {r.EndReason}"
                : $"{r.Index,4} {r.Return,9:F1} {r.Length,6}  {r.EndReason}");
        Console.WriteLine($"mean return {s.MeanReturn:F1} ± {s.StdReturn:F1} over {s.Episodes} episodes" +
            (driving ? $"; mean distance {s.MeanDistance:F1} m; lap completion {s.LapCompletionRate:P0}" : ""));
    }

    /// <summary>"10000-10019" or "3,7,9" or a mix.</summary>
    public static int[] ParseSeeds(string text)
    {
        var seeds = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] range = part.Split('-');
            if (range.Length == 2 && int.TryParse(range[0], out int a) && int.TryParse(range[1], out int b) && a <= b && b - a < 1_000_000)
                for (int s = a; s <= b; s++) seeds.Add(s);
            else if (range.Length == 1 && int.TryParse(part, out int single))
                seeds.Add(single);
            else
                throw new UserError($"--tracks: '{part}' is not a seed or a range like 10000-10019");
        }
        return [.. seeds];
    }
}
