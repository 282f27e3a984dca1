using System.Collections.Concurrent;

namespace RlLab.Sim.Tracks;

/// <summary>
/// Shares built tracks (and their grids) between envs and threads: a vector env of 16 copies on
/// track 7 builds track 7 once. Bounded: past <see cref="Capacity"/> entries it starts over.
/// </summary>
public static class TrackCache
{
    public const int Capacity = 256;
    static readonly ConcurrentDictionary<(int, TrackGenOptions), Lazy<Track>> Generated = new();
    static readonly ConcurrentDictionary<string, Lazy<Track>> Files = new();

    public static Track Get(int seed, TrackGenOptions options)
    {
        if (Generated.Count >= Capacity) Generated.Clear();
        return Generated.GetOrAdd((seed, options), k => new Lazy<Track>(() => TrackGenerator.Generate(k.Item1, k.Item2))).Value;
    }

    public static Track Load(string path)
    {
        string full = Path.GetFullPath(path);
        if (Files.Count >= Capacity) Files.Clear();
        var lazy = Files.GetOrAdd(full, p => new Lazy<Track>(() => TrackFile.Load(p)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Files.TryRemove(full, out _);
            throw;
        }
    }
}
