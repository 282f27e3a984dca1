using RlLab.Sim;
using System.CommandLine;
using System.Globalization;
using RlLab.Agents.Config;
using RlLab.Agents.Evaluation;
using RlLab.Agents.Policies;
using RlLab.Agents.Training;
using RlLab.Cluster.Sweeps;
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
        var target = new Argument<string>("run") { HelpName = "RUN", Description = "A run directory, a .ckpt file, an agent bundle (.safetensors) or a sweep folder (every finished trial)" };
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
        var trainTracks = new Option<int?>("--train-tracks")
        {
            HelpName = "N",
            Description = "A sweep only: also score each trial on N episodes of its own training tracks (env.options.tracks, in order, cycled), for train vs held-out",
        };
        var metric = new Option<string>("--metric")
        {
            HelpName = "KEY",
            Description = "A sweep only: the column of the plot eval-LABEL.png (mean_return or a summary of the env, e.g. lap_completion_rate)",
            DefaultValueFactory = _ => SweepEvaluation.ReturnKey,
        };
        var command = new Command("eval", "Evaluate a trained agent, or every trial of a sweep: play episodes, print them, write a JSON summary")
        {
            target, episodes, seeds, seed, tracks, stochastic, output, maxSteps, trainTracks, metric,
        };
        Help.Examples(command,
            "./rllab eval runs/cartpole --seeds 1000-1019",
            "./rllab eval runs/driving-state --tracks 10000-10019 --max-steps 4000",
            "./rllab eval agents/cartpole-ppo.safetensors --seed 7 --episodes 1 --out seed7.json",
            "./rllab eval sweeps/generalisation --tracks 10000-10019 --train-tracks 20 --metric lap_completion_rate");
        command.SetAction(parse =>
        {
            var request = new Request(parse.GetValue(episodes), parse.GetValue(seeds), parse.GetValue(seed), parse.GetValue(tracks),
                parse.GetValue(stochastic), parse.GetValue(output), parse.GetValue(maxSteps));
            string run = parse.GetValue(target)!;
            return SweepEvaluation.IsSweep(run) ? RunSweep(run, request, parse.GetValue(trainTracks), parse.GetValue(metric)!)
                : parse.GetValue(trainTracks) is not null ? throw new UserError("--train-tracks: only for a sweep folder (it scores each trial on its own training tracks)")
                : Run(run, request);
        });
        return command;
    }

    /// <summary>What to play, as the options give it.</summary>
    sealed record Request(int? Episodes, EpisodeSelector? Seeds, int? Seed, EpisodeSelector? Tracks, bool Stochastic, string? Output, int? MaxSteps);

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

    static int Run(string target, Request r)
    {
        var (summary, path, envSeeds) = Evaluate(target, r);
        Print(summary);
        Console.WriteLine($"wrote {path}");
        string track = r.Tracks is null ? "" : $" --track {ShellQuote.Word(r.Tracks.Items[0].TrackOption)}";
        Console.WriteLine($"film episode 0: ./rllab record {ShellQuote.Word(target)} --seed {envSeeds[0]}{track}{(r.MaxSteps is int m ? $" --max-steps {m}" : "")} --out episode.gif");
        return 0;
    }

    /// <summary>
    /// Plays the episodes of <paramref name="r"/> with the policy of <paramref name="target"/> and writes its JSON summary;
    /// with <paramref name="trainEpisodes"/>, that many episodes on the run's own training tracks (eval-train-tracks-N.json) instead.
    /// </summary>
    static (EvalSummary Summary, string Path, IReadOnlyList<int> Seeds) Evaluate(string target, Request r, int? trainEpisodes = null)
    {
        if (!File.Exists(target) && !Directory.Exists(target)) throw new UserError($"{target}: no such run or checkpoint");
        if (r.Episodes is < 1) throw new UserError($"--episodes: {r.Episodes} must be at least 1");
        if (r.Seeds is not null && r.Seed is not null) throw new UserError("--seeds and --seed: give one (--seeds 7-9 is --seed 7 --episodes 3)");
        _ = EnvOverrides(null, r.MaxSteps);
        IReadOnlyList<int>? chosen = r.Seeds is null ? null : Selectors.SeedList(r.Seeds);
        if (r.Seed is int given && r.Episodes is int count) CheckSeedRange(given, count); // before the policy loads
        using LoadedPolicy policy = LoadedPolicy.Load(target);
        if (trainEpisodes is int k)
        {
            r = r with { Episodes = k, Seeds = null, Seed = null, Tracks = TrainingTracks(policy, target) };
            chosen = null;
        }
        EpisodeSelector? tracks = r.Tracks;
        int n = r.Episodes ?? chosen?.Count ?? tracks?.Count ?? Math.Max(1, policy.Config.Train.EvalEpisodes);
        // Every episode's seed is explicit, so that `record --seed S` films the episode scored with seed S.
        int first = r.Seed ?? Evaluator.DefaultSeed(policy.Config, 0);
        if (chosen is null) CheckSeedRange(first, n);
        IReadOnlyList<int> envSeeds = chosen ?? [.. Enumerable.Range(0, n).Select(i => first + i)];
        Func<int, IReadOnlyDictionary<string, object?>?>? perEpisode = tracks is null && r.MaxSteps is null ? null
            : i => EnvOverrides(tracks?.Items[i % tracks.Count].TrackOption, r.MaxSteps);

        EvalSummary summary;
        try
        {
            summary = Evaluator.Run(policy.Config, policy.Network, policy.Device, policy.Path, n, !r.Stochastic, perEpisode, policy.ObservationStatistics, envSeeds);
        }
        catch (RlLab.Envs.Registry.EnvOptionException e)
        {
            throw new UserError($"{policy.Config.Env.Id}: {(e.Key is "track" or "tracks" ? "--tracks" : e.Key)}: {e.Message}");
        }
        string label = trainEpisodes is int train ? $"train-tracks-{train}" : Label(r.Seeds, first, n, envSeeds.Count, tracks);
        string path = r.Output ?? EvalOutput.DefaultPath(target, policy.Path, policy.Bundle is not null, label, r.Stochastic);
        Evaluator.WriteJson(path, summary);
        return (summary, path, envSeeds);
    }

    /// <summary>
    /// Every finished trial of a sweep on the same episodes (each trial's JSON in its folder), optionally
    /// also on its training tracks; then SWEEP/eval-LABEL.csv, a table by grid point and eval-LABEL.png.
    /// </summary>
    static int RunSweep(string sweep, Request r, int? trainTracks, string metric)
    {
        if (r.Output is not null) throw new UserError("--out: not for a sweep (each trial's summary goes to its folder, the table to SWEEP/eval-LABEL.csv)");
        if (trainTracks is < 1) throw new UserError($"--train-tracks: {trainTracks} must be at least 1");
        // Named as a run's eval-LABEL.json; "default" when each trial plays its own evaluation seeds.
        string label = r.Seeds is null && r.Seed is null && r.Tracks is null ? "default" : Label(r.Seeds, r.Seed ?? 0, r.Episodes ?? 1, r.Episodes ?? 1, r.Tracks);
        IReadOnlyList<TrialEvaluation> results;
        try
        {
            results = SweepEvaluation.Run(sweep, trainTracks is not null, (trial, train) =>
            {
                var (summary, _, _) = Evaluate(trial, r, train ? trainTracks : null);
                Console.WriteLine($"{Path.GetFileName(trial)}{(train ? " (training tracks)" : "")}: {Summaries(summary)}");
                return summary;
            }, Console.Error.WriteLine);
        }
        catch (SweepException e)
        {
            throw new UserError(e.Message);
        }
        string[] keys = SweepEvaluation.Keys(results);
        if (!keys.Contains(metric)) throw new UserError($"--metric: '{metric}' is not reported here (expected one of {string.Join(", ", keys)})");
        Console.WriteLine();
        foreach (string line in SweepEvaluation.Table(results, keys)) Console.WriteLine(line);
        string csv = Path.Combine(sweep, $"eval-{label}.csv"), png = Path.Combine(sweep, $"eval-{label}.png");
        SweepEvaluation.WriteCsv(csv, results);
        SweepEvaluation.Plot(png, $"{Path.GetFileName(Path.GetFullPath(sweep))}: {metric}", metric, r.Tracks is null ? "evaluation episodes" : $"tracks {r.Tracks}", results);
        Console.WriteLine($"wrote {csv} and {png}");
        return 0;
    }

    /// <summary>A run's own training tracks (env.options.tracks), for N episodes cycling through them.</summary>
    static EpisodeSelector TrainingTracks(LoadedPolicy policy, string target)
    {
        if (!policy.Config.Env.Options.TryGetValue("tracks", out object? value) || value is null)
            throw new UserError($"--train-tracks: {target} has no env.options.tracks (only Driving trains on tracks)");
        string text = value is IEnumerable<object?> list && value is not string ? string.Join(',', list) : Convert.ToString(value, CultureInfo.InvariantCulture)!;
        try { return EpisodeSelector.Parse(text); }
        catch (FormatException e) { throw new UserError($"{target}: env.options.tracks: {e.Message}"); }
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
        Console.WriteLine(Summaries(s));
    }

    /// <summary>"mean return 9.7 ± 5.5 over 20 episodes; share of points won 69 %": the return and the env's declared summaries.</summary>
    static string Summaries(EvalSummary s) => $"mean return {s.MeanReturn:F1} ± {s.StdReturn:F1} over {s.Episodes} episodes"
        + string.Concat(s.Declared.Select(d => $"; {d.Label} {string.Format(d.Format, s.Summary(d.Key))}"));

    static string Cell(double v) => double.IsNaN(v) ? "-" : v == Math.Floor(v) ? v.ToString("F0", CultureInfo.InvariantCulture) : v.ToString("F1", CultureInfo.InvariantCulture);
}
