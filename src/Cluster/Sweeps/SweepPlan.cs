using System.Globalization;

namespace RlLab.Cluster.Sweeps;

/// <summary>One trial of a sweep: a seed and one value of each grid key.</summary>
public sealed record TrialSpec(string Id, int Seed, IReadOnlyList<KeyValuePair<string, string>> Values)
{
    /// <summary>The --set overrides that make this trial: the grid values, then the seed.</summary>
    public string[] Overrides() => [.. Values.Select(v => $"{v.Key}={v.Value}"), $"seed={Seed}"];
}

/// <summary>A mistake in --seeds, --grid or --slots: one line, exit 2 (see src/Cli/CliErrors.cs).</summary>
public sealed class SweepException(string message) : Exception(message);

/// <summary>
/// What a sweep runs: an experiment file, fixed overrides, seeds, and a grid; every combination
/// of seed and grid value is a trial, named t01, t02, ... in seed-major order within each grid point.
/// </summary>
public sealed record SweepPlan(string Experiment, string[] Sets, int[] Seeds, IReadOnlyList<KeyValuePair<string, string[]>> Grid)
{
    public IReadOnlyList<TrialSpec> Trials()
    {
        var points = new List<List<KeyValuePair<string, string>>> { new() };
        foreach (var (key, values) in Grid)
            points = [.. points.SelectMany(p => values.Select(v => new List<KeyValuePair<string, string>>(p) { new(key, v) }))];
        var trials = new List<TrialSpec>();
        int width = Math.Max(2, (points.Count * Seeds.Length).ToString(CultureInfo.InvariantCulture).Length);
        foreach (var point in points)
            foreach (int seed in Seeds)
                trials.Add(new TrialSpec("t" + (trials.Count + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'), seed, point));
        return trials;
    }

    /// <summary>"1-16", "1,2,7" or "1-3,10" (the one selector syntax, EpisodeSelector): distinct non-negative seeds, in the order given.</summary>
    public static int[] ParseSeeds(string text)
    {
        RlLab.Envs.EpisodeSelector selector;
        try { selector = RlLab.Envs.EpisodeSelector.Parse(text); }
        catch (FormatException e) { throw new SweepException($"--seeds {text}: {e.Message}"); }
        return SeedsOf(selector);
    }

    /// <summary>The seeds of an already parsed --seeds selector (the CLI parses it once): distinct, non-negative, no tracks.</summary>
    public static int[] SeedsOf(RlLab.Envs.EpisodeSelector selector)
    {
        string text = selector.ToString();
        IReadOnlyList<int> parsed;
        try { parsed = selector.Seeds(); }
        catch (FormatException e) { throw new SweepException($"--seeds {text}: {e.Message}"); }
        if (parsed.Count > 10_000) throw new SweepException($"--seeds {text}: more than 10,000 seeds");
        var seeds = new HashSet<int>();
        foreach (int s in parsed)
        {
            if (s < 0) throw new SweepException($"--seeds {text}: seed {s} is negative");
            if (!seeds.Add(s)) throw new SweepException($"--seeds {text}: seed {s} is given twice");
        }
        return [.. parsed];
    }

    /// <summary>
    /// "algo.lr=1e-3,3e-4": a key and at least one value; a key given twice is refused. Values are
    /// split on top-level commas only, so YAML lists and mappings are values: policy.hidden=[64,64],[32]
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string[]>> ParseGrid(IEnumerable<string> entries)
    {
        var grid = new List<KeyValuePair<string, string[]>>();
        foreach (string entry in entries)
        {
            int eq = entry.IndexOf('=');
            string key = eq < 0 ? "" : entry[..eq].Trim();
            string[] values = eq < 0 ? [] : SplitTopLevel(entry, entry[(eq + 1)..]);
            if (key.Length == 0 || values.Length == 0 || values.Any(v => v.Length == 0))
                throw new SweepException($"--grid {entry}: expected key=value1,value2,... e.g. algo.lr=1e-3,3e-4");
            if (key == "seed") throw new SweepException($"--grid {entry}: seeds are given with --seeds");
            if (grid.Any(g => g.Key == key)) throw new SweepException($"--grid {entry}: {key} is given twice");
            if (values.Distinct().Count() != values.Length) throw new SweepException($"--grid {entry}: a value is given twice");
            grid.Add(new(key, values));
        }
        return grid;
    }

    /// <summary>Splits at commas outside [ ] and { }; unbalanced brackets are refused.</summary>
    static string[] SplitTopLevel(string entry, string text)
    {
        var values = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] is '[' or '{') depth++;
            else if (text[i] is ']' or '}' && --depth < 0) break;
            else if (text[i] == ',' && depth == 0)
            {
                values.Add(text[start..i].Trim());
                start = i + 1;
            }
        }
        if (depth != 0) throw new SweepException($"--grid {entry}: unbalanced brackets");
        values.Add(text[start..].Trim());
        return [.. values];
    }
}
