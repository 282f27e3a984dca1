using System.Globalization;
using RlLab.Sim.Tracks;

namespace RlLab.Envs.Driving;

/// <summary>Parses track selections and finds named track files.</summary>
public static class TrackSet
{
    /// <summary>"0-99", "3", "1,5,9-12" or "[1, 2]" (a YAML list arrives joined) to a list of seeds.</summary>
    public static IReadOnlyList<int> ParseSeeds(string spec)
    {
        var seeds = new List<int>();
        foreach (string raw in spec.Trim('[', ']', ' ').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int dash = raw.IndexOf('-', 1);
            if (dash > 0)
            {
                if (!TryInt(raw[..dash], out int a) || !TryInt(raw[(dash + 1)..], out int b) || b < a)
                    throw new FormatException($"bad seed range '{raw}' (expected e.g. 0-99)");
                if ((long)b - a >= 1_000_000) throw new FormatException($"seed range '{raw}' is too large");
                for (int s = a; s <= b; s++) seeds.Add(s);
            }
            else if (TryInt(raw, out int s)) seeds.Add(s);
            else throw new FormatException($"bad seed '{raw}' (expected e.g. 0-99 or 1,5,7)");
        }
        if (seeds.Count == 0) throw new FormatException("no seeds given");
        return seeds;
    }

    static bool TryInt(string s, out int v) => int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out v);

    /// <summary>
    /// Finds a track file: the name as a path, NAME.track, or experiments/tracks/NAME.track, looked up
    /// from the current directory and its parents, then from the program's directory and its parents
    /// (which reaches the repo root from bin/). Null when none exists.
    /// </summary>
    public static string? ResolveFile(string name)
    {
        string[] candidates = [name, name + TrackFile.Extension, Path.Combine("experiments", "tracks", name), Path.Combine("experiments", "tracks", name + TrackFile.Extension)];
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                foreach (string c in candidates)
                {
                    string path = Path.IsPathRooted(c) ? c : Path.Combine(dir.FullName, c);
                    if (File.Exists(path)) return Path.GetFullPath(path);
                }
                if (Path.IsPathRooted(name)) break;
            }
        }
        return null;
    }
}
