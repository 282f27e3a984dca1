using System.Runtime.CompilerServices;

namespace RlLab.Sim.Traffic;

/// <summary>
/// A rectangle in the plane: centre, unit axis along its length (cos, sin of the heading), and
/// half extents. Overlap uses the separating axis theorem (for two rectangles the four edge
/// normals are enough); a ray test works in the box's own frame (slabs).
/// </summary>
public readonly record struct OrientedBox(double X, double Y, double Cos, double Sin, double HalfLength, double HalfWidth)
{
    public static OrientedBox FromHeading(double x, double y, double heading, double length, double width)
    {
        var (sin, cos) = Math.SinCos(heading);
        return new(x, y, cos, sin, length / 2, width / 2);
    }

    /// <summary>The radius of a circle around the box (a cheap first test): half length + half width, a bound without a square root.</summary>
    public double Radius => HalfLength + HalfWidth;

    /// <summary>True when the boxes overlap or touch (boundaries count: a shared edge is a contact).</summary>
    public static bool Overlaps(in OrientedBox a, in OrientedBox b)
    {
        double dx = b.X - a.X, dy = b.Y - a.Y;
        double r = a.Radius + b.Radius;
        if (dx * dx + dy * dy > r * r) return false;
        return !Separates(a.Cos, a.Sin, a, b, dx, dy) && !Separates(-a.Sin, a.Cos, a, b, dx, dy)
            && !Separates(b.Cos, b.Sin, a, b, dx, dy) && !Separates(-b.Sin, b.Cos, a, b, dx, dy);
    }

    /// <summary>Whether the axis (ux, uy) separates the projections of the two boxes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static bool Separates(double ux, double uy, in OrientedBox a, in OrientedBox b, double dx, double dy)
    {
        double distance = Math.Abs(dx * ux + dy * uy);
        return distance > a.Extent(ux, uy) + b.Extent(ux, uy);
    }

    /// <summary>Half the box's projected length on a unit axis.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    double Extent(double ux, double uy) =>
        HalfLength * Math.Abs(Cos * ux + Sin * uy) + HalfWidth * Math.Abs(-Sin * ux + Cos * uy);

    /// <summary>
    /// The distance along a ray from (ox, oy) in unit direction (dx, dy) to the box, up to max;
    /// +∞ when it misses; 0 when the origin is inside.
    /// </summary>
    public double RayDistance(double ox, double oy, double dx, double dy, double max)
    {
        // In the box frame: p = origin − centre rotated by −heading.
        double px = ox - X, py = oy - Y;
        double lx = px * Cos + py * Sin, ly = -px * Sin + py * Cos;
        double ux = dx * Cos + dy * Sin, uy = -dx * Sin + dy * Cos;
        double tmin = 0, tmax = max;
        if (!Slab(lx, ux, HalfLength, ref tmin, ref tmax) || !Slab(ly, uy, HalfWidth, ref tmin, ref tmax)) return double.PositiveInfinity;
        return tmin;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static bool Slab(double p, double u, double half, ref double tmin, ref double tmax)
    {
        if (Math.Abs(u) < 1e-12) return Math.Abs(p) <= half;
        double inv = 1 / u, t0 = (-half - p) * inv, t1 = (half - p) * inv;
        if (t0 > t1) (t0, t1) = (t1, t0);
        if (t0 > tmin) tmin = t0;
        if (t1 < tmax) tmax = t1;
        return tmin <= tmax;
    }

    /// <summary>Whether the point lies inside or on the box.</summary>
    public bool Contains(double x, double y)
    {
        double px = x - X, py = y - Y;
        return Math.Abs(px * Cos + py * Sin) <= HalfLength && Math.Abs(-px * Sin + py * Cos) <= HalfWidth;
    }
}
