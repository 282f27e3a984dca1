using RlLab.Sim.Tracks;

namespace RlLab.Envs.Tests.Sim;

public class TrackGeneratorTests
{
    /// <summary>
    /// Property over 1000 seeds: every track is closed, never crosses itself, keeps other parts of
    /// the road clear of the lane, respects the curvature bound and the length range.
    /// </summary>
    [Fact]
    public void ThousandSeeds_AreClosedSimpleAndWithinBounds()
    {
        var options = new TrackGenOptions(LengthMin: 300, LengthMax: 900, MaxCurvature: 0.1);
        for (int seed = 0; seed < 1000; seed++)
        {
            Track t = TrackGenerator.Generate(seed, options);
            Assert.InRange(t.Length, options.LengthMin * 0.98, options.LengthMax * 1.02);
            // Closed: the last point is one spacing away from the first, like every other pair.
            double gap = Math.Sqrt(Sq(t.X[^1] - t.X[0]) + Sq(t.Y[^1] - t.Y[0]));
            Assert.InRange(gap, 0.5 * t.MeanSpacing, 1.5 * t.MeanSpacing);
            Assert.False(SelfIntersects(t), $"seed {seed} crosses itself");
            Assert.True(RoadsApart(t, t.Width), $"seed {seed}: two parts of the road overlap");
            for (int i = 0; i < t.Count; i++)
                Assert.True(Math.Abs(t.Curvatures[i]) <= options.MaxCurvature * 1.1, $"seed {seed}: curvature {t.Curvatures[i]} at {i}");
        }
    }

    [Fact]
    public void SameSeed_SameTrack_DifferentSeed_DifferentTrack()
    {
        Track a = TrackGenerator.Generate(123), b = TrackGenerator.Generate(123), c = TrackGenerator.Generate(124);
        Assert.True(a.X.SequenceEqual(b.X) && a.Y.SequenceEqual(b.Y));
        Assert.False(a.X.SequenceEqual(c.X));
        Assert.Equal("123", a.Name);
        Assert.Equal(123, a.Seed);
    }

    /// <summary>
    /// Pins seed 0 across runs and versions: a change here changes every published track seed
    /// (held-out leaderboard tracks included), so it must be deliberate.
    /// </summary>
    [Fact]
    public void Seed0_IsStableAcrossRuns()
    {
        Track t = TrackGenerator.Generate(0);
        Assert.Equal(535, t.Count);
        Assert.Equal(534.76, t.Length, 2);
    }

    [Fact]
    public void ImpossibleCurvatureBound_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => TrackGenerator.Generate(1, new TrackGenOptions(LengthMin: 100, LengthMax: 100, MaxCurvature: 0.01)));
    }

    static double Sq(double v) => v * v;

    /// <summary>Proper segment crossings between non-adjacent segments, via a grid of buckets.</summary>
    static bool SelfIntersects(Track t)
    {
        int n = t.Count;
        const double bucket = 5;
        var map = new Dictionary<(int, int), List<int>>();
        for (int i = 0; i < n; i++)
        {
            int j = (i + 1) % n;
            int x0 = (int)Math.Floor(Math.Min(t.X[i], t.X[j]) / bucket), x1 = (int)Math.Floor(Math.Max(t.X[i], t.X[j]) / bucket);
            int y0 = (int)Math.Floor(Math.Min(t.Y[i], t.Y[j]) / bucket), y1 = (int)Math.Floor(Math.Max(t.Y[i], t.Y[j]) / bucket);
            for (int bx = x0; bx <= x1; bx++)
                for (int by = y0; by <= y1; by++)
                {
                    if (!map.TryGetValue((bx, by), out var list)) map[(bx, by)] = list = [];
                    foreach (int k in list)
                    {
                        if (k == i || (k + 1) % n == i || (i + 1) % n == k) continue;
                        if (Cross(t, i, k)) return true;
                    }
                    list.Add(i);
                }
        }
        return false;
    }

    static bool Cross(Track t, int i, int k)
    {
        int n = t.Count;
        (double, double) a = (t.X[i], t.Y[i]), b = (t.X[(i + 1) % n], t.Y[(i + 1) % n]);
        (double, double) c = (t.X[k], t.Y[k]), d = (t.X[(k + 1) % n], t.Y[(k + 1) % n]);
        return Orient(a, b, c) * Orient(a, b, d) < 0 && Orient(c, d, a) * Orient(c, d, b) < 0;
    }

    static double Orient((double X, double Y) a, (double X, double Y) b, (double X, double Y) c) =>
        Math.Sign((b.X - a.X) * (c.Y - a.Y) - (b.Y - a.Y) * (c.X - a.X));

    /// <summary>Points far apart along the loop are more than one lane width apart in space.</summary>
    static bool RoadsApart(Track t, double distance)
    {
        int n = t.Count;
        int window = (int)Math.Ceiling(Math.PI * distance / t.MeanSpacing);
        var map = new Dictionary<(int, int), List<int>>();
        for (int i = 0; i < n; i++)
        {
            var key = ((int)Math.Floor(t.X[i] / distance), (int)Math.Floor(t.Y[i] / distance));
            if (!map.TryGetValue(key, out var list)) map[key] = list = [];
            list.Add(i);
        }
        for (int i = 0; i < n; i++)
        {
            int bx = (int)Math.Floor(t.X[i] / distance), by = (int)Math.Floor(t.Y[i] / distance);
            for (int dx = -1; dx <= 1; dx++)
                for (int dy = -1; dy <= 1; dy++)
                    if (map.TryGetValue((bx + dx, by + dy), out var list))
                        foreach (int j in list)
                        {
                            int gap = Math.Min(Math.Abs(i - j), n - Math.Abs(i - j));
                            if (gap > window && Sq(t.X[i] - t.X[j]) + Sq(t.Y[i] - t.Y[j]) < distance * distance) return false;
                        }
        }
        return true;
    }
}
