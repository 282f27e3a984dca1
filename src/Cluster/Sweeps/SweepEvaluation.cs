using System.Globalization;
using System.Text;
using RlLab.Agents.Evaluation;
using RlLab.Agents.Plotting;
using RlLab.Sim;

namespace RlLab.Cluster.Sweeps;

/// <summary>One finished trial scored on the chosen episodes (<see cref="Chosen"/>) and, when asked, on its own training tracks.</summary>
public sealed record TrialEvaluation(TrialRecord Trial, EvalSummary Chosen, EvalSummary? Train);

/// <summary>
/// A sweep's finished trials, each evaluated on the same episodes (held-out tracks, say) and, for
/// envs with tracks, on its own training tracks: the generalisation protocol of MetaDrive (train and
/// held-out success against the number of training maps), for any grid. Writes SWEEP/eval-LABEL.csv,
/// a row a trial, and SWEEP/eval-LABEL.png, a metric's mean ± std over seeds at each grid point.
/// </summary>
public static class SweepEvaluation
{
    /// <summary>The return's column; the env's declared summaries (lap_completion_rate, …) follow it.</summary>
    public const string ReturnKey = "mean_return";

    public static bool IsSweep(string directory) => File.Exists(Path.Combine(directory, SweepLedger.StateFile));

    /// <summary>Evaluates every done trial with <paramref name="evaluate"/> (trial folder, on its training tracks → summary), in trial order.</summary>
    public static IReadOnlyList<TrialEvaluation> Run(string directory, bool train, Func<string, bool, EvalSummary> evaluate, Action<string>? note = null)
    {
        SweepState state = SweepLedger.Load(directory);
        var done = state.Trials.Where(t => t.Status == TrialStatus.Done).ToList();
        if (done.Count == 0) throw new SweepException($"{directory}: no finished trial to evaluate yet");
        foreach (TrialRecord t in state.Trials.Except(done)) note?.Invoke($"{t.Id}: {t.Status.ToString().ToLowerInvariant()}, not evaluated");
        var results = new List<TrialEvaluation>();
        foreach (TrialRecord t in done)
        {
            string dir = Path.Combine(directory, t.Id);
            results.Add(new TrialEvaluation(t, evaluate(dir, false), train ? evaluate(dir, true) : null));
        }
        return results;
    }

    /// <summary>The keys of the table: the mean return, then the env's declared summaries in their order.</summary>
    public static string[] Keys(IReadOnlyList<TrialEvaluation> results) =>
        [ReturnKey, .. results.SelectMany(r => r.Chosen.Declared.Select(d => d.Key)).Distinct()];

    /// <summary>The value of <paramref name="key"/> in a summary (NaN when the env does not report it).</summary>
    public static double Value(EvalSummary s, string key) => key == ReturnKey ? s.MeanReturn : s.Summary(key) ?? double.NaN;

    /// <summary>A trial's grid point: its grid values, e.g. "0-99" (several keys' values joined by spaces); "all" without a grid.</summary>
    public static string Point(TrialRecord t) => t.Values.Count == 0 ? "all" : string.Join(' ', t.Values.Select(v => v.Value));

    /// <summary>What the grid points vary, e.g. "env.options.tracks" (several keys joined by spaces).</summary>
    public static string GridKeys(IReadOnlyList<TrialEvaluation> results) =>
        results[0].Trial.Values.Count == 0 ? "grid point" : string.Join(' ', results[0].Trial.Values.Select(v => v.Key));

    /// <summary>The CSV: trial, seed, the grid values, then each key for the chosen episodes and, with training tracks, for those (train_ prefix).</summary>
    public static void WriteCsv(string path, IReadOnlyList<TrialEvaluation> results)
    {
        string[] keys = Keys(results);
        string[] grid = [.. results[0].Trial.Values.Select(v => v.Key)];
        bool train = results.Any(r => r.Train is not null);
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', ["trial", "seed", .. grid, "episodes", .. keys, .. train ? keys.Select(k => "train_" + k) : []]));
        foreach (TrialEvaluation r in results)
        {
            IEnumerable<string> trainCells = r.Train is { } s ? keys.Select(k => F(Value(s, k))) : train ? keys.Select(_ => "") : [];
            csv.AppendLine(string.Join(',', [r.Trial.Id, r.Trial.Seed.ToString(CultureInfo.InvariantCulture), .. r.Trial.Values.Select(v => SweepCsv.Cell(v.Value)),
                r.Chosen.Episodes.ToString(CultureInfo.InvariantCulture), .. keys.Select(k => F(Value(r.Chosen, k))), .. trainCells]));
        }
        AtomicFile.WriteAllText(path, csv.ToString());
    }

    /// <summary>The grid points in the sweep's order, each with its trials.</summary>
    public static IReadOnlyList<(string Point, TrialEvaluation[] Trials)> Groups(IReadOnlyList<TrialEvaluation> results) =>
        [.. results.GroupBy(r => Point(r.Trial)).Select(g => (g.Key, g.ToArray()))];

    /// <summary>Mean ± std over the seeds of one grid point, NaNs (a metric a trial did not report) left out.</summary>
    static (double Mean, double Std) Stats(IEnumerable<double> values) => MeanStd.Of([.. values.Where(double.IsFinite)]);

    /// <summary>Each key's mean ± std over the seeds, a column a grid point, after a row of seed counts; train_ rows for the training tracks.</summary>
    public static IEnumerable<string> Table(IReadOnlyList<TrialEvaluation> results, string[] keys)
    {
        var groups = Groups(results);
        var rows = keys.Select(k => (Name: k, Train: false, Key: k)).ToList();
        if (results.Any(r => r.Train is not null)) rows.AddRange(keys.Select(k => (Name: "train_" + k, Train: true, Key: k)));
        string grid = GridKeys(results);
        int first = Math.Max(rows.Max(r => r.Name.Length), grid.Length);
        const int Width = 18;
        yield return grid.PadRight(first) + string.Concat(groups.Select(g => $"  {g.Point,Width}"));
        yield return "seeds".PadRight(first) + string.Concat(groups.Select(g => $"  {g.Trials.Length,Width}"));
        foreach (var (name, train, key) in rows)
            yield return name.PadRight(first) + string.Concat(groups.Select(g =>
            {
                var (mean, std) = Stats(g.Trials.Select(t => (train ? t.Train : t.Chosen) is { } s ? Value(s, key) : double.NaN));
                return $"  {$"{R(mean)} ± {R(std)}",Width}";
            }));
    }

    static string R(double v) => double.IsFinite(v) ? Math.Round(v, 3).ToString("0.###", CultureInfo.InvariantCulture) : "-";

    /// <summary>
    /// <paramref name="key"/> at each grid point, mean ± std over seeds: one band for the chosen episodes
    /// (<paramref name="chosenLabel"/>) and one for the training tracks when they were scored.
    /// </summary>
    public static void Plot(string path, string title, string key, string chosenLabel, IReadOnlyList<TrialEvaluation> results)
    {
        var groups = Groups(results);
        int seeds = groups.Min(g => g.Trials.Length);
        double[] x = [.. Enumerable.Range(1, groups.Count).Select(i => (double)i)];
        // Bands need the same number of seeds at every point: the first `seeds` of each.
        double[][] Series(Func<TrialEvaluation, EvalSummary?> pick) =>
            [.. Enumerable.Range(0, seeds).Select(k => groups.Select(g => pick(g.Trials[k]) is { } s ? Value(s, key) : double.NaN).ToArray())];
        var curves = new List<Curve> { new(chosenLabel, x, Series(r => r.Chosen)) };
        if (results.Any(r => r.Train is not null)) curves.Insert(0, new Curve("training tracks", x, Series(r => r.Train)));
        // A rate (success, completion) keeps its 0-1 scale even when every point sits at 1.
        bool rate = curves.SelectMany(c => c.Ys.SelectMany(y => y)).Where(double.IsFinite).All(v => v is >= 0 and <= 1);
        CurvePlot.Compare(path, title, GridKeys(results), key, curves, [.. groups.Select(g => g.Point)], rate ? (-0.05, 1.05) : null);
    }

    static string F(double v) => double.IsFinite(v) ? v.ToString("0.#####", CultureInfo.InvariantCulture) : "";
}
