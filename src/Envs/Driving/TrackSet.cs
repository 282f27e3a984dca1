using RlLab.Sim.Tracks;

namespace RlLab.Envs.Driving;

/// <summary>Parses track selections and finds named track files.</summary>
public static class TrackSet
{
    /// <summary>"0-99", "3", "1,5,9-12" or "[1, 2]" (a YAML list arrives joined) to a list of seeds: the one selector syntax (EpisodeSelector).</summary>
    public static IReadOnlyList<int> ParseSeeds(string spec) => EpisodeSelector.Parse(spec).Seeds();

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
