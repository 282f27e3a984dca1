using RlLab.Sim;
using RlLab.Sim.Tracks;

namespace RlLab.Envs.Tests.Sim;

public class TrackQueryTests
{
    public static IEnumerable<object[]> Tracks() => [["0"], ["1"], ["7"], ["oval"]];

    /// <summary>A random point at most <paramref name="reach"/> beside the centreline, and its offset (positive left).</summary>
    static (double X, double Y, double Offset) Beside(Track t, ref Rng rng, double reach)
    {
        var (x, y, h) = t.PoseAt(rng.Uniform(0, t.Length));
        double off = rng.Uniform(-reach, reach);
        return (x - Math.Sin(h) * off, y + Math.Cos(h) * off, off);
    }

    static Track Get(string name) => name == "oval" ? TestTracks.Oval : TrackCache.Get(int.Parse(name), TrackGenOptions.Default);

    /// <summary>The O(1) projection agrees with a scan of every segment.</summary>
    [Theory, MemberData(nameof(Tracks))]
    public void Project_MatchesBruteForce(string name)
    {
        Track t = Get(name);
        var rng = new Rng(42);
        for (int k = 0; k < 500; k++)
        {
            var (x, y, off) = Beside(t, ref rng, 8);
            TrackProjection p = t.Project(x, y);
            double best = BruteForceDistance(t, x, y);
            Assert.Equal(best, Math.Abs(p.Offset), 6);
            Assert.True(Math.Abs(off - p.Offset) < 0.05, $"offset {p.Offset} vs {off}");
        }
    }

    /// <summary>The walking lookup of moving cars agrees with the search: same point and curvature, the heading's vector within rounding.</summary>
    [Theory, MemberData(nameof(Tracks))]
    public void SampleFrom_MatchesSampleAt_WhileWalkingJumpingAndWrapping(string name)
    {
        Track t = Get(name);
        var rng = new Rng(11);
        int segment = -1, turns = 0;
        double s = rng.Uniform(0, t.Length);
        for (int k = 0; k < 20_000; k++)
        {
            // Mostly a car's step, sometimes a jump forward or back, and laps past the end.
            double r = rng.NextDouble();
            s += r < 0.9 ? rng.Uniform(0, 1.5) : r < 0.95 ? rng.Uniform(-30, 30) : rng.Uniform(0, 2 * t.Length);
            var (x, y, h, kappa) = t.SampleAt(s);
            var (fx, fy, cos, sin, fkappa) = t.SampleFrom(ref segment, s);
            Assert.Equal(t.IndexAt(s), segment);
            Assert.Equal(x, fx);
            Assert.Equal(y, fy);
            Assert.Equal(kappa, fkappa);
            var (sinH, cosH) = Math.SinCos(h);
            Assert.True(Math.Abs(cos - cosH) < 1e-12 && Math.Abs(sin - sinH) < 1e-12, $"s {s}: ({cos}, {sin}) vs ({cosH}, {sinH})");
            if (Math.Abs(Angles.Wrap(h - t.Headings[segment])) > 1e-3) turns++;
        }
        Assert.True(turns > 100, "the samples include interpolated turns, not only straight points");
    }

    /// <summary>The state sensor's walking look ahead gives CurvatureAt's values bit for bit, across the lap's end and after jumps.</summary>
    [Theory, MemberData(nameof(Tracks))]
    public void CurvatureFrom_EqualsCurvatureAt_AlongARunOfLooks(string name)
    {
        Track t = Get(name);
        var rng = new Rng(5);
        int walked = 0;
        for (int k = 0; k < 2_000; k++)
        {
            double s0 = rng.NextDouble() < 0.9 ? rng.Uniform(0, t.Length) : t.Length - rng.Uniform(0, 20);
            int segment = rng.NextDouble() < 0.1 ? -1 : t.IndexAt(s0);
            for (int look = 1; look <= 6; look++)
            {
                double s = s0 + look * rng.Uniform(0.5, 9);
                int before = segment;
                Assert.Equal(t.CurvatureAt(s), t.CurvatureFrom(ref segment, s));
                Assert.Equal(t.IndexAt(s), segment);
                if (before >= 0 && segment > before) walked++;
            }
        }
        Assert.True(walked > 5_000, "most looks walk on from the last one");
    }

    /// <summary>The road's direction at a projection is the cosine and sine of its heading, for points on and beside the road.</summary>
    [Theory, MemberData(nameof(Tracks))]
    public void DirectionAt_IsTheProjectionsHeadingVector(string name)
    {
        Track t = Get(name);
        var rng = new Rng(3);
        for (int k = 0; k < 2_000; k++)
        {
            var (x, y, _) = Beside(t, ref rng, t.HalfWidth);
            TrackProjection p = t.Project(x, y);
            var (cos, sin) = t.DirectionAt(p);
            var (sinH, cosH) = Math.SinCos(p.Heading);
            Assert.True(Math.Abs(cos - cosH) < 1e-9 && Math.Abs(sin - sinH) < 1e-9, $"s {p.S}: ({cos}, {sin}) vs ({cosH}, {sinH})");
        }
    }

    [Theory, MemberData(nameof(Tracks))]
    public void SignedDistanceGrid_MatchesExactOffset(string name)
    {
        Track t = Get(name);
        TrackGrid g = t.Grid;
        var rng = new Rng(7);
        double tolerance = g.Cell * 0.75 + g.Scale;
        for (int k = 0; k < 500; k++)
        {
            var (x, y, _) = Beside(t, ref rng, t.HalfWidth + 4);
            Assert.True(Math.Abs(g.DistanceAt(x, y) - t.Project(x, y).Offset) <= tolerance, $"at ({x}, {y})");
        }
        // Far from the track, and outside the grid, everything is grass.
        Assert.Equal(127, g.Sample(t.Bounds.MaxX + 1000, t.Bounds.MaxY + 1000));
    }

    [Fact]
    public void Circle_HasItsCurvatureLengthAndHeadings()
    {
        Track t = TestTracks.Circle(50);
        Assert.Equal(2 * Math.PI * 50, t.Length, 0);
        for (int i = 0; i < t.Count; i += 17)
        {
            Assert.Equal(1 / 50.0, t.Curvatures[i], 4);
            Assert.Equal(Angles.Wrap(2 * Math.PI * i / t.Count + Math.PI / 2), t.Headings[i], 2);
        }
        Assert.Equal(1 / 50.0, t.CurvatureAt(123.4), 4);
        // A point 1 m inside the circle is 1 m to the left of a counter-clockwise track.
        Assert.Equal(1.0, t.Project(49, 0).Offset, 2);
        Assert.Equal(-1.0, t.Project(0, 51).Offset, 2);
        Assert.Equal(Math.PI / 2 * 50, t.Project(0, 51).S, 1);
    }

    [Fact]
    public void Oval_HasTheDocumentedLength()
    {
        Track t = TestTracks.Oval;
        Assert.Equal(400 + 2 * Math.PI * 40, t.Length, 0);
        Assert.Equal("oval", t.Name);
        Assert.Equal(4, t.Width);
        // The start line is mid-way along the bottom straight, heading +x.
        var (x, y, h) = t.PoseAt(0);
        Assert.Equal(100, x, 1);
        Assert.Equal(-40, y, 1);
        Assert.Equal(0, h, 2);
    }

    static double BruteForceDistance(Track t, double x, double y)
    {
        double best = double.MaxValue;
        for (int i = 0; i < t.Count; i++)
        {
            int j = (i + 1) % t.Count;
            double dx = t.X[j] - t.X[i], dy = t.Y[j] - t.Y[i];
            double u = Math.Clamp(((x - t.X[i]) * dx + (y - t.Y[i]) * dy) / (dx * dx + dy * dy), 0, 1);
            double ex = x - t.X[i] - u * dx, ey = y - t.Y[i] - u * dy;
            best = Math.Min(best, Math.Sqrt(ex * ex + ey * ey));
        }
        return best;
    }
}
