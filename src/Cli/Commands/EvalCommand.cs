using RlLab.Sim;
using System.CommandLine;
using System.Globalization;
using RlLab.Agents.Config;
using RlLab.Agents.Evaluation;
using RlLab.Agents.Policies;
using RlLab.Agents.Training;
using RlLab.Envs;

namespace RlLab.Cli.Commands;

/// <summary>
/// `rllab eval &lt;run|checkpoint|bundle&gt; [--seeds SELECTOR | --seed SEED] [--tracks SELECTOR] [--episodes N] [--max-steps N] [--stochastic] [--out FILE]`:
/// scores deterministic episodes and writes eval-SELECTOR.json (never training's eval.json).
/// </summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("run") { HelpName = "RUN", Description = "A run directory, a .ckpt file or an agent bundle (.safetensors)" };
        var episodes = new Option<int?>("--episodes") { HelpName = "N", Description = "Episodes to play (default: one per --seeds/--tracks item, else the config's eval_episodes)" };
        var tracks = Selectors.Tracks();
        var stochastic = new Option<bool>("--stochastic") { Description = "Sample actions instead of taking the mean/most likely one" };
        var output = new Option<string?>("--out")
        {
            HelpName = "FILE",
            Description = "The summary JSON to write (default: RUN/eval-SELECTOR.json, e.g. eval-1000-1019.json; for a bundle NAME.eval-SELECTOR.json beside it)",
        };
        var maxSteps = MaxStepsOption();
        var seeds = Selectors.Seeds();
        var seed = Selectors.Seed();
        var command = new Command("eval", "Evaluate a trained agent: play episodes, print them, write a JSON summary")
        {
            target, episodes, seeds, seed, tracks, stochastic, output, maxSteps,
        };
        Help.Examples(command,
            "./rllab eval runs/cartpole --seeds 1000-1019",
            "./rllab eval runs/driving-state --tracks 10000-10019 --max-steps 4000",
            "./rllab eval agents/cartpole-ppo.safetensors --seed 7 --episodes 1 --out seed7.json");
        command.SetAction(parse => Run(parse.GetValue(target)!, parse.GetValue(episodes), parse.GetValue(seeds), parse.GetValue(seed), parse.GetValue(tracks),
            parse.GetValue(stochastic), parse.GetValue(output), parse.GetValue(maxSteps)));
        return command;
    }

    /// <summary>`--max-steps`: the episode cap (the env option max_steps), in eval and record alike.</summary>
    internal static Option<int?> MaxStepsOption() => new("--max-steps")
    {
        HelpName = "N",
        Description = "Cap every episode at N steps: sets the env option max_steps (default: the run's, e.g. 500 for CartPole)",
    };

    /// <summary>The env option overrides that --track/--tracks and --max-steps mean, or null for none.</summary>
    public static Dictionary<string, object?>? EnvOverrides(string? track, int? maxSteps)
    {
        if (maxSteps is < 1) throw new UserError($"--max-steps: {maxSteps} must be at least 1");
        if (track is null && maxSteps is null) return null;
        var options = track is null ? [] : EnvFactory.SingleTrack(track);
        if (maxSteps is int m) options["max_steps"] = m.ToString(CultureInfo.InvariantCulture);
        return options;
    }

    static int Run(string target, int? episodes, EpisodeSelector? seedSelector, int? seed, EpisodeSelector? tracks, bool stochastic, string? output, int? maxSteps)
    {
        if (!File.Exists(target) && !Directory.Exists(target)) throw new UserError($"{target}: no such run or checkpoint");
        if (episodes is < 1) throw new UserError($"--episodes: {episodes} must be at least 1");
        if (seedSelector is not null && seed is not null) throw new UserError("--seeds and --seed: give one (--seeds 7-9 is --seed 7 --episodes 3)");
        _ = EnvOverrides(null, maxSteps);
        IReadOnlyList<int>? chosen = seedSelector is null ? null : Selectors.SeedList(seedSelector);
        if (seed is int given && episodes is int count) CheckSeedRange(given, count); // before the policy loads
        using LoadedPolicy policy = LoadedPolicy.Load(target);
        int n = episodes ?? chosen?.Count ?? tracks?.Count ?? Math.Max(1, policy.Config.Train.EvalEpisodes);
        // Every episode's seed is explicit, so that `record --seed S` films the episode scored with seed S.
        int first = seed ?? Evaluator.DefaultSeed(policy.Config, 0);
        if (chosen is null) CheckSeedRange(first, n);
        IReadOnlyList<int> envSeeds = chosen ?? [.. Enumerable.Range(0, n).Select(i => first + i)];
        Func<int, IReadOnlyDictionary<string, object?>?>? perEpisode = tracks is null && maxSteps is null ? null
            : i => EnvOverrides(tracks?.Items[i % tracks.Count].TrackOption, maxSteps);

        EvalSummary summary;
        try
        {
            summary = Evaluator.Run(policy.Config, policy.Network, policy.Device, policy.Path, n, !stochastic, perEpisode, policy.ObservationStatistics, envSeeds);
        }
        catch (RlLab.Envs.Registry.EnvOptionException e)
        {
            throw new UserError($"{policy.Config.Env.Id}: {(e.Key is "track" or "tracks" ? "--tracks" : e.Key)}: {e.Message}");
        }
        Print(summary);

        string label = Label(seedSelector, first, n, envSeeds.Count, tracks);
        string path = output ?? EvalOutput.DefaultPath(target, policy.Path, policy.Bundle is not null, label, stochastic);
        Evaluator.WriteJson(path, summary);
        Console.WriteLine($"wrote {path}");
        string track = tracks is null ? "" : $" --track {ShellQuote.Word(tracks.Items[0].TrackOption)}";
        Console.WriteLine($"film episode 0: ./rllab record {ShellQuote.Word(target)} --seed {envSeeds[0]}{track}{(maxSteps is int m ? $" --max-steps {m}" : "")} --out episode.gif");
        return 0;
    }

    /// <summary>Seeds first, first+1, ...: past int.MaxValue they would wrap to negative seeds.</summary>
    static void CheckSeedRange(int first, int n)
    {
        if ((long)first + n - 1 > int.MaxValue)
            throw new UserError($"--seed {first} --episodes {n}: the seeds would pass {int.MaxValue}; start lower");
    }

    /// <summary>What was played, for the file name: the seeds (as given, or the range used) and the tracks.</summary>
    static string Label(EpisodeSelector? seeds, int first, int n, int count, EpisodeSelector? tracks)
    {
        string seedPart = seeds?.Label ?? (n == 1 ? $"{first}" : $"{first}-{first + Math.Min(n, count) - 1}");
        if (tracks is null) return seedPart;
        return seeds is null ? $"tracks-{tracks.Label}" : $"{seedPart}-tracks-{tracks.Label}";
    }

    static void Print(EvalSummary s)
    {
        // The env's own metrics are columns by name; an env with tracks is listed by track, others by seed.
        string[] metrics = [.. s.Rows.SelectMany(r => r.Metrics?.Keys ?? Enumerable.Empty<string>()).Distinct()];
        bool tracks = s.Rows.Any(r => r.Track is not null);
        Console.WriteLine($"{"#",4} {(tracks ? "track" : "seed"),8} {"return",9} {"steps",6}" + string.Concat(metrics.Select(m => $" {m,9}")) + "  end");
        foreach (EvalEpisode r in s.Rows)
            Console.WriteLine($"{r.Index,4} {(tracks ? r.Track : r.Seed?.ToString(CultureInfo.InvariantCulture)),8} {r.Return,9:F1} {r.Length,6}"
                + string.Concat(metrics.Select(m => $" {Cell(r.Metric(m)),9}")) + $"  {r.EndReason}");
        Console.WriteLine($"mean return {s.MeanReturn:F1} ± {s.StdReturn:F1} over {s.Episodes} episodes"
            + string.Concat(s.Declared.Select(d => $"; {d.Label} {string.Format(d.Format, s.Summary(d.Key))}")));
    }

    static string Cell(double v) => double.IsNaN(v) ? "-" : v == Math.Floor(v) ? v.ToString("F0", CultureInfo.InvariantCulture) : v.ToString("F1", CultureInfo.InvariantCulture);
}
