using RlLab.Sim.Tracks;

namespace RlLab.Sim.Sensors;

/// <summary>
/// Range finder: <see cref="Rays"/> rays spread evenly over <see cref="FieldOfView"/> around the
/// heading, from the car's body centre, each returning the distance to the road edge (capped at
/// <see cref="MaxRange"/>; 0 when already off the road). Rays sphere-trace the track's signed
/// distance grid: the road edge is at least (half width − |d|) away, so that is a safe step;
/// the crossing is then refined by bisection. Ray angles are precomputed.
/// </summary>
public sealed class Lidar
{
    // Grid sampling error: half a cell diagonal plus half a quantisation step (kept conservative).
    const double Slack = 0.2;
    const double MinStep = 0.25;
    const int Bisections = 3;

    readonly double[] _angles;

    public Lidar(int rays = 32, double fieldOfView = Math.PI, double maxRange = 30)
    {
        if (rays < 1) throw new ArgumentException("lidar needs at least one ray");
        Rays = rays;
        FieldOfView = fieldOfView;
        MaxRange = maxRange;
        _angles = new double[rays];
        for (int i = 0; i < rays; i++)
            _angles[i] = rays == 1 ? 0 : -fieldOfView / 2 + fieldOfView * i / (rays - 1);
    }

    public int Rays { get; }
    public double FieldOfView { get; }
    public double MaxRange { get; }
    /// <summary>Ray angles relative to the heading, right to left (radians).</summary>
    public ReadOnlySpan<double> Angles => _angles;

    /// <summary>Writes one distance (m) per ray.</summary>
    public void Scan(Track track, double x, double y, double heading, Span<float> distances)
    {
        TrackGrid grid = track.Grid;
        double halfW = track.HalfWidth, scale = grid.Scale;
        double b0 = halfW - Math.Abs(grid.Sample(x, y)) * scale;
        for (int r = 0; r < _angles.Length; r++)
        {
            if (b0 <= 0) { distances[r] = 0; continue; }
            double a = heading + _angles[r];
            double dx = Math.Cos(a), dy = Math.Sin(a);
            double t = 0, b = b0, hit = MaxRange;
            while (true)
            {
                double tn = Math.Min(t + Math.Max(b - Slack, MinStep), MaxRange);
                double bn = halfW - Math.Abs(grid.Sample(x + tn * dx, y + tn * dy)) * scale;
                if (bn <= 0)
                {
                    double lo = t, hi = tn;
                    for (int k = 0; k < Bisections; k++)
                    {
                        double mid = 0.5 * (lo + hi);
                        if (halfW - Math.Abs(grid.Sample(x + mid * dx, y + mid * dy)) * scale <= 0) hi = mid;
                        else lo = mid;
                    }
                    hit = 0.5 * (lo + hi);
                    break;
                }
                if (tn >= MaxRange) break;
                t = tn;
                b = bn;
            }
            distances[r] = (float)hit;
        }
    }
}
