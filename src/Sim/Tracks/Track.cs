using System.Runtime.CompilerServices;

namespace RlLab.Sim.Tracks;

/// <summary>
/// A closed road: a centreline sampled about every metre, driven counter-clockwise in point order,
/// and a constant lane width. Immutable, so one instance can be shared by every env and thread.
///
/// Queries cost O(1): <see cref="Project"/> asks the precomputed <see cref="Grid"/> for a nearby
/// centreline point, then climbs to the nearest one and projects onto its two segments.
/// Point 0 is the start/finish line.
/// </summary>
public sealed class Track
{
    public const double DefaultLaneWidth = 4.0;

    readonly double[] _x, _y, _heading, _curvature, _s;
    /// <summary>Per point: the heading's unit vector, and the wrapped turn to the next point's heading (every interpolated heading uses it).</summary>
    readonly double[] _cos, _sin, _turn;
    readonly Lazy<TrackGrid> _grid, _fineGrid;

    /// <param name="name">The seed as text for procedural tracks, the file name for named ones.</param>
    /// <param name="x">Centreline x of a closed loop (the last point is not repeated).</param>
    /// <param name="y">Centreline y.</param>
    /// <param name="width">The lane width in metres.</param>
    /// <param name="seed">The generator seed, for procedural tracks.</param>
    /// <param name="minGap">The least grass (m) between the edges of separate parts of the road (checked by the builder).</param>
    public Track(string name, ReadOnlySpan<double> x, ReadOnlySpan<double> y, double width, int? seed = null, double minGap = 1.0)
    {
        MinGap = minGap;
        if (x.Length != y.Length) throw new ArgumentException("x and y differ in length");
        if (x.Length < 8) throw new ArgumentException("a track needs at least 8 centreline points");
        if (!(width > 0)) throw new ArgumentException("the lane width must be positive");
        Name = name;
        Seed = seed;
        Width = width;
        int n = x.Length;
        _x = x.ToArray();
        _y = y.ToArray();
        _s = new double[n + 1];
        for (int i = 0; i < n; i++)
        {
            int j = (i + 1) % n;
            double len = Math.Sqrt((_x[j] - _x[i]) * (_x[j] - _x[i]) + (_y[j] - _y[i]) * (_y[j] - _y[i]));
            if (len < 1e-6) throw new ArgumentException($"centreline points {i} and {j} coincide");
            _s[i + 1] = _s[i] + len;
        }
        Length = _s[n];
        MeanSpacing = Length / n;

        // Central differences: the heading of the chord through the neighbours, and the turn rate
        // of those headings per metre.
        _heading = new double[n];
        for (int i = 0; i < n; i++)
        {
            int p = (i + n - 1) % n, q = (i + 1) % n;
            _heading[i] = Math.Atan2(_y[q] - _y[p], _x[q] - _x[p]);
        }
        _curvature = new double[n];
        for (int i = 0; i < n; i++)
        {
            int p = (i + n - 1) % n, q = (i + 1) % n;
            double ds = SegmentLength(p) + SegmentLength(i);
            _curvature[i] = Angles.Wrap(_heading[q] - _heading[p]) / ds;
        }
        _cos = new double[n];
        _sin = new double[n];
        _turn = new double[n];
        for (int i = 0; i < n; i++)
        {
            (_sin[i], _cos[i]) = Math.SinCos(_heading[i]);
            _turn[i] = Angles.Wrap(_heading[(i + 1) % n] - _heading[i]);
        }

        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        for (int i = 0; i < n; i++)
        {
            minX = Math.Min(minX, _x[i]); maxX = Math.Max(maxX, _x[i]);
            minY = Math.Min(minY, _y[i]); maxY = Math.Max(maxY, _y[i]);
        }
        Bounds = (minX, minY, maxX, maxY);
        _grid = new Lazy<TrackGrid>(() => new TrackGrid(this), LazyThreadSafetyMode.ExecutionAndPublication);
        _fineGrid = new Lazy<TrackGrid>(() => new TrackGrid(this, TrackGrid.FineCell), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The seed as text, or the file's name.</summary>
    public string Name { get; }
    /// <summary>The generator seed of a procedural track; null for a named one.</summary>
    public int? Seed { get; }
    public double Width { get; }
    /// <summary>The least grass between the edges of separate parts of the road (m); lidar steps may be this long past the edge.</summary>
    public double MinGap { get; }
    public double HalfWidth => Width / 2;
    /// <summary>Centreline length in metres (one lap).</summary>
    public double Length { get; }
    public double MeanSpacing { get; }
    public int Count => _x.Length;
    public (double MinX, double MinY, double MaxX, double MaxY) Bounds { get; }

    public ReadOnlySpan<double> X => _x;
    public ReadOnlySpan<double> Y => _y;
    /// <summary>Centreline heading at each point (radians, counter-clockwise from +x).</summary>
    public ReadOnlySpan<double> Headings => _heading;
    /// <summary>Signed curvature at each point (1/m, positive turning left).</summary>
    public ReadOnlySpan<double> Curvatures => _curvature;
    /// <summary>Arc length at each point; one extra entry holds <see cref="Length"/>.</summary>
    public ReadOnlySpan<double> ArcLengths => _s;

    /// <summary>The precomputed lookup grids; built on first use, then shared.</summary>
    public TrackGrid Grid => _grid.Value;

    /// <summary>
    /// The same rasters at <see cref="TrackGrid.FineCell"/> (4× the memory), built only when asked for:
    /// large camera images use it so that road edges near the car show smaller steps.
    /// </summary>
    public TrackGrid FineGrid => _fineGrid.Value;

    public (double X, double Y) Point(int i) => (_x[i], _y[i]);

    /// <summary>The left road edge at point i (left of the driving direction).</summary>
    public (double X, double Y) LeftEdge(int i)
    {
        double h = _heading[i];
        return (_x[i] - Math.Sin(h) * HalfWidth, _y[i] + Math.Cos(h) * HalfWidth);
    }

    public (double X, double Y) RightEdge(int i)
    {
        double h = _heading[i];
        return (_x[i] + Math.Sin(h) * HalfWidth, _y[i] - Math.Cos(h) * HalfWidth);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int i) => i + 1 == _x.Length ? 0 : i + 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Prev(int i) => i == 0 ? _x.Length - 1 : i - 1;

    public double SegmentLength(int i) => _s[i + 1] - _s[i];

    /// <summary>Wraps an arc position to [0, Length).</summary>
    public double WrapS(double s)
    {
        // Within one lap of the range (nearly every call) one subtraction or addition gives the
        // same bits as the remainder (Sterbenz: s − Length is exact for s in [Length, 2·Length]),
        // and a floating-point remainder costs tens of cycles.
        if (s >= 0)
        {
            if (s < Length) return s;
            if (s < 2 * Length) return s - Length;
        }
        else if (s > -Length) return s + Length;
        s %= Length;
        return s < 0 ? s + Length : s;
    }

    /// <summary>The segment that contains arc position s: O(1), since points are about evenly spaced.</summary>
    public int IndexAt(double s)
    {
        s = WrapS(s);
        int n = _x.Length;
        int i = Math.Min(n - 1, (int)(s / MeanSpacing));
        while (i > 0 && _s[i] > s) i--;
        while (i < n - 1 && _s[i + 1] <= s) i++;
        return i;
    }

    /// <summary>Centreline curvature at arc position s, linearly interpolated.</summary>
    public double CurvatureAt(double s)
    {
        s = WrapS(s);
        return CurvatureIn(IndexAt(s), s);
    }

    /// <summary>
    /// <see cref="CurvatureAt"/> for a run of positions along the road (a sensor's look ahead):
    /// <paramref name="segment"/> is the point index of the last call (−1 at first) and is updated;
    /// a look a few metres on walks from it instead of searching. The same value as CurvatureAt.
    /// </summary>
    public double CurvatureFrom(ref int segment, double s)
    {
        s = WrapS(s);
        segment = Locate(segment, s, 8);
        return CurvatureIn(segment, s);
    }

    /// <summary>The curvature at a wrapped position s in segment i, linearly interpolated.</summary>
    double CurvatureIn(int i, double s) => Between(i, Next(i), (s - _s[i]) / SegmentLength(i)).Curvature;

    /// <summary>
    /// The one i with _s[i] ≤ s &lt; _s[i + 1] for a wrapped s: a walk from <paramref name="from"/> when s
    /// lies within <paramref name="walk"/> points ahead of it, else <see cref="IndexAt"/>'s search.
    /// </summary>
    int Locate(int from, double s, int walk)
    {
        int n = _x.Length, i = from;
        if ((uint)i >= (uint)n || s < _s[i] || s >= _s[Math.Min(i + walk, n)]) return IndexAt(s);
        while (_s[i + 1] <= s) i++;
        return i;
    }

    /// <summary>Centreline point, heading and curvature at arc position s: one segment lookup for all four.</summary>
    public (double X, double Y, double Heading, double Curvature) SampleAt(double s)
    {
        s = WrapS(s);
        int i = IndexAt(s), j = Next(i);
        double t = (s - _s[i]) / SegmentLength(i);
        double h = _heading[i] + t * _turn[i];
        var (x, y, curvature) = Between(i, j, t);
        return (x, y, Angles.Wrap(h), curvature);
    }

    /// <summary>The centreline point and curvature a fraction t of the way from point i to point j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    (double X, double Y, double Curvature) Between(int i, int j, double t) =>
        (_x[i] + t * (_x[j] - _x[i]), _y[i] + t * (_y[j] - _y[i]), _curvature[i] + t * (_curvature[j] - _curvature[i]));

    /// <summary>
    /// <see cref="SampleAt"/> for something moving along the road, with the heading as its unit vector:
    /// <paramref name="segment"/> is the point index of the last call (−1 at first) and is updated. A
    /// short move walks from it instead of searching, and the heading's vector is the point's, turned
    /// by the interpolated angle, so no angle function runs. Point, curvature and segment equal
    /// <see cref="SampleAt"/>'s; the vector equals the cosine and sine of its heading within rounding.
    /// </summary>
    public (double X, double Y, double Cos, double Sin, double Curvature) SampleFrom(ref int segment, double s)
    {
        s = WrapS(s);
        int i = segment = Locate(segment, s, 4);
        int j = Next(i);
        double t = (s - _s[i]) / SegmentLength(i);
        var (cos, sin) = Turned(i, t);
        var (x, y, curvature) = Between(i, j, t);
        return (x, y, cos, sin, curvature);
    }

    /// <summary>Point i's heading vector turned by the fraction t of the turn to the next point's (a short series for the usual small turn).</summary>
    (double Cos, double Sin) Turned(int i, double t)
    {
        var (sinTurn, cosTurn) = Angles.SmallSinCos(t * _turn[i]);
        return (_cos[i] * cosTurn - _sin[i] * sinTurn, _sin[i] * cosTurn + _cos[i] * sinTurn);
    }

    /// <summary>
    /// The centreline's unit heading vector at a projection's foot point: the point's vector turned by
    /// the interpolated angle, as <see cref="SampleFrom"/> (no angle function for the usual small turn);
    /// the cosine and sine of the projection's heading within rounding.
    /// </summary>
    public (double Cos, double Sin) DirectionAt(in TrackProjection p)
    {
        int i = p.Segment;
        double along = p.S - _s[i];
        if (along < 0) along += Length;
        return Turned(i, along / SegmentLength(i));
    }

    /// <summary>Centreline point and heading at arc position s.</summary>
    public (double X, double Y, double Heading) PoseAt(double s)
    {
        var (x, y, heading, _) = SampleAt(s);
        return (x, y, heading);
    }

    /// <summary>
    /// Projects a point onto the centreline. O(1): the grid gives a candidate point, a short climb
    /// finds the nearest one, and the two segments around it give the exact foot point.
    /// </summary>
    public TrackProjection Project(double x, double y)
    {
        int i = Grid.Candidate(x, y);
        return ProjectFrom(i, x, y);
    }

    /// <summary>Projects starting the climb from a known nearby point (e.g. last step's segment).</summary>
    public TrackProjection ProjectFrom(int start, double x, double y)
    {
        int i = start;
        double best = Dist2(i, x, y);
        while (true)
        {
            int q = Next(i);
            double dq = Dist2(q, x, y);
            if (dq < best) { i = q; best = dq; continue; }
            int p = Prev(i);
            double dp = Dist2(p, x, y);
            if (dp < best) { i = p; best = dp; continue; }
            break;
        }
        // The foot point lies on one of the two segments that meet at point i.
        var a = ProjectSegment(Prev(i), x, y);
        var b = ProjectSegment(i, x, y);
        var (seg, t, d2, cross) = a.Dist2 < b.Dist2 ? a : b;
        // Sign from the side of the segment's line; magnitude is the true distance to the segment.
        double offset = cross >= 0 ? Math.Sqrt(d2) : -Math.Sqrt(d2);
        int k = Next(seg);
        double heading = Angles.Wrap(_heading[seg] + t * _turn[seg]);
        double curvature = _curvature[seg] + t * (_curvature[k] - _curvature[seg]);
        double s = _s[seg] + t * SegmentLength(seg);
        if (s >= Length) s -= Length;
        return new TrackProjection(seg, s, offset, heading, curvature);
    }

    /// <summary>The signed distance to the centreline (positive left), exact.</summary>
    public double SignedOffset(double x, double y) => Project(x, y).Offset;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    double Dist2(int i, double x, double y)
    {
        double dx = x - _x[i], dy = y - _y[i];
        return dx * dx + dy * dy;
    }

    /// <summary>The foot point on segment i: its fraction t, the squared distance, and the cross product whose sign gives the side.</summary>
    (int Seg, double T, double Dist2, double Cross) ProjectSegment(int i, double x, double y)
    {
        int j = Next(i);
        double ax = _x[i], ay = _y[i];
        double dx = _x[j] - ax, dy = _y[j] - ay;
        double px = x - ax, py = y - ay;
        double len2 = dx * dx + dy * dy;
        double t = Math.Clamp((px * dx + py * dy) / len2, 0, 1);
        double ex = px - t * dx, ey = py - t * dy;
        return (i, t, ex * ex + ey * ey, dx * py - dy * px);
    }
}
