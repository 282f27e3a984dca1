using RlLab.Sim.Tracks;

namespace RlLab.Envs.Tests.Sim;

/// <summary>Tracks the tests share: the oval from experiments/tracks and a few procedural ones.</summary>
static class TestTracks
{
    public static string RepoFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string path = Path.Combine([dir.FullName, .. parts]);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(Path.Combine(parts));
    }

    public static Track Oval => TrackCache.Load(RepoFile("experiments", "tracks", "oval.track"));

    /// <summary>A circle of the given radius, counter-clockwise, starting at (r, 0).</summary>
    public static Track Circle(double radius, double width = 4, int points = 0)
    {
        int n = points > 0 ? points : (int)Math.Round(2 * Math.PI * radius);
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double a = 2 * Math.PI * i / n;
            x[i] = radius * Math.Cos(a);
            y[i] = radius * Math.Sin(a);
        }
        return new Track("circle", x, y, width);
    }
}
