using System.Globalization;

namespace RlLab.Sim.Tracks;

/// <summary>A malformed track file; the message starts with "file:line:".</summary>
public sealed class TrackFormatException(string file, int line, string message) : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
}

/// <summary>
/// Named tracks: small text files (experiments/tracks/NAME.track).
/// <code>
/// # comment
/// name oval          (optional, default: the file name)
/// width 4            (lane width in metres, optional, default 4)
/// 0 0                (centreline points "x y" in metres, in driving order,
/// 50 0                at least 4; the loop closes itself: do not repeat the first)
/// </code>
/// The points are joined by a closed Catmull-Rom spline, resampled every metre; the first point
/// is the start/finish line.
/// </summary>
public static class TrackFile
{
    public const string Extension = ".track";

    // Geometry limits, far beyond any race track (the built-in ones span under 300 m) and well within
    // what the track grid (a cell every 0.25 m over the bounding box) and the spline can hold.
    /// <summary>Largest |x| or |y| of a point (m).</summary>
    public const double MaxCoordinate = 10_000;
    /// <summary>Largest side of the bounding box (m).</summary>
    public const double MaxSpan = 1_000;
    public const int MaxPoints = 10_000;
    /// <summary>Shortest and longest lap (m).</summary>
    public const double MinLap = 20, MaxLap = 10_000;
    /// <summary>A track file is a few KB; this bounds reading one.</summary>
    public const long MaxFileBytes = 1 << 20;

    public static Track Load(string path)
    {
        if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"track file not found: {path}", path);
        long bytes = new FileInfo(path).Length;
        if (bytes > MaxFileBytes) throw new TrackFormatException(path, 1, $"{bytes:N0} bytes is more than a track file holds ({MaxFileBytes:N0})");
        return Parse(System.IO.File.ReadAllLines(path), path);
    }

    public static Track Parse(IReadOnlyList<string> lines, string file)
    {
        string name = Path.GetFileNameWithoutExtension(file);
        double width = Track.DefaultLaneWidth;
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < lines.Count; i++)
        {
            int lineNo = i + 1;
            string line = lines[i];
            int hash = line.IndexOf('#');
            if (hash >= 0) line = line[..hash];
            string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            switch (parts[0])
            {
                case "name":
                    if (parts.Length < 2) throw new TrackFormatException(file, lineNo, "'name' needs a value");
                    name = string.Join(' ', parts[1..]);
                    break;
                case "width":
                    if (parts.Length != 2 || !TryNumber(parts[1], out width) || !(width is > 0.5 and <= 30))
                        throw new TrackFormatException(file, lineNo, "'width' needs one number in (0.5, 30] (metres)");
                    break;
                default:
                    if (parts.Length != 2 || !TryNumber(parts[0], out double x) || !TryNumber(parts[1], out double y))
                        throw new TrackFormatException(file, lineNo, $"expected 'x y', 'name NAME' or 'width W', got '{lines[i].Trim()}'");
                    if (Math.Abs(x) > MaxCoordinate || Math.Abs(y) > MaxCoordinate)
                        throw new TrackFormatException(file, lineNo, $"the point ({parts[0]}, {parts[1]}) is more than {MaxCoordinate:N0} m from the origin");
                    if (xs.Count == MaxPoints) throw new TrackFormatException(file, lineNo, $"more than {MaxPoints:N0} centreline points");
                    xs.Add(x);
                    ys.Add(y);
                    break;
            }
        }
        if (xs.Count < 4) throw new TrackFormatException(file, lines.Count, $"a track needs at least 4 centreline points, found {xs.Count}");
        for (int i = 0; i < xs.Count; i++)
        {
            int j = (i + 1) % xs.Count;
            if (Math.Abs(xs[i] - xs[j]) + Math.Abs(ys[i] - ys[j]) < 1e-9)
                throw new TrackFormatException(file, lines.Count, $"points {i + 1} and {j + 1} coincide (do not repeat the first point at the end)");
        }

        if (xs.Max() - xs.Min() > MaxSpan || ys.Max() - ys.Min() > MaxSpan)
            throw new TrackFormatException(file, lines.Count, $"the track spans {xs.Max() - xs.Min():F0} x {ys.Max() - ys.Min():F0} m; at most {MaxSpan:N0} m a side");
        double lap = 0;
        for (int i = 0; i < xs.Count; i++) lap += Math.Sqrt(Math.Pow(xs[(i + 1) % xs.Count] - xs[i], 2) + Math.Pow(ys[(i + 1) % xs.Count] - ys[i], 2));
        if (lap is < MinLap or > MaxLap)
            throw new TrackFormatException(file, lines.Count, $"a lap of about {lap:F0} m; a track's lap is {MinLap:N0} to {MaxLap:N0} m");

        var (dx, dy) = Spline(xs, ys, 32);
        var (px, py) = TrackGenerator.Resample(dx, dy, 1.0);
        if (!TrackChecks.HasClearance(px, py, width + 1))
            throw new TrackFormatException(file, lines.Count, "the road comes too close to itself (or crosses itself)");
        return new Track(name, px, py, width);
    }

    /// <summary>Writes a track's centreline in the file format, keeping every <paramref name="every"/>-th point.</summary>
    public static void Save(Track track, string path, int every = 1)
    {
        if (every < 1) throw new ArgumentOutOfRangeException(nameof(every));
        AtomicFile.Write(path, stream =>
        {
            using var w = new StreamWriter(stream, leaveOpen: true);
            w.WriteLine("# RlLab track: centreline points 'x y' in metres, in driving order");
            w.WriteLine($"name {track.Name}");
            w.WriteLine($"width {track.Width.ToString(CultureInfo.InvariantCulture)}");
            for (int i = 0; i < track.Count; i += every)
                w.WriteLine($"{track.X[i].ToString("0.###", CultureInfo.InvariantCulture)} {track.Y[i].ToString("0.###", CultureInfo.InvariantCulture)}");
        });
    }

    static bool TryNumber(string s, out double v) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);

    /// <summary>A closed centripetal Catmull-Rom spline through the points (no cusps), densely sampled.</summary>
    static (double[] X, double[] Y) Spline(List<double> xs, List<double> ys, int perSegment)
    {
        int n = xs.Count;
        var ox = new double[n * perSegment + 1];
        var oy = new double[n * perSegment + 1];
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            int i0 = (i + n - 1) % n, i2 = (i + 1) % n, i3 = (i + 2) % n;
            double t0 = 0;
            double t1 = t0 + Knot(xs[i0], ys[i0], xs[i], ys[i]);
            double t2 = t1 + Knot(xs[i], ys[i], xs[i2], ys[i2]);
            double t3 = t2 + Knot(xs[i2], ys[i2], xs[i3], ys[i3]);
            for (int j = 0; j < perSegment; j++)
            {
                double t = t1 + (t2 - t1) * j / perSegment;
                ox[k] = Eval(xs[i0], xs[i], xs[i2], xs[i3], t0, t1, t2, t3, t);
                oy[k] = Eval(ys[i0], ys[i], ys[i2], ys[i3], t0, t1, t2, t3, t);
                k++;
            }
        }
        ox[k] = ox[0];
        oy[k] = oy[0];
        return (ox, oy);
    }

    static double Knot(double ax, double ay, double bx, double by) =>
        Math.Max(1e-6, Math.Sqrt(Math.Sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay))));

    // Barry and Goldman's pyramidal form of Catmull-Rom with arbitrary knots.
    static double Eval(double p0, double p1, double p2, double p3, double t0, double t1, double t2, double t3, double t)
    {
        double a1 = (t1 - t) / (t1 - t0) * p0 + (t - t0) / (t1 - t0) * p1;
        double a2 = (t2 - t) / (t2 - t1) * p1 + (t - t1) / (t2 - t1) * p2;
        double a3 = (t3 - t) / (t3 - t2) * p2 + (t - t2) / (t3 - t2) * p3;
        double b1 = (t2 - t) / (t2 - t0) * a1 + (t - t0) / (t2 - t0) * a2;
        double b2 = (t3 - t) / (t3 - t1) * a2 + (t - t1) / (t3 - t1) * a3;
        return (t2 - t) / (t2 - t1) * b1 + (t - t1) / (t2 - t1) * b2;
    }
}
