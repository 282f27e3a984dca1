using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using RlLab.Sim.Tracks;

namespace RlLab.Sim.Sensors;

/// <summary>
/// Range finder: <see cref="Rays"/> rays spread evenly over <see cref="FieldOfView"/> around the
/// heading, from the car's body centre, each returning the distance to the road edge (capped at
/// <see cref="MaxRange"/>; 0 when already off the road). Rays sphere-trace the track's signed
/// distance grid: the road edge is at least (half width − |d|) away, so that is a safe step;
/// each step goes a little further than that, and the crossing is then refined by bisection (to a few cm). With AVX2, 8 rays march together.
/// </summary>
public sealed unsafe class Lidar
{
    // Each step goes past the safe distance by 0.4 m + 10 % of the distance so far, capped at half
    // the track's grass gap: it may land beyond the edge (then bisection finds the crossing), but
    // never across the grass onto another part of the road. Far hits need less absolute precision.
    const float Overstep = 0.4f, OverstepPerMetre = 0.1f;
    const int Bisections = 4;

    readonly double[] _angles;
    readonly float[] _cos, _sin;

    public Lidar(int rays = 32, double fieldOfView = Math.PI, double maxRange = 30)
    {
        if (rays < 1) throw new ArgumentException("lidar needs at least one ray");
        Rays = rays;
        FieldOfView = fieldOfView;
        MaxRange = maxRange;
        _angles = new double[rays];
        _cos = new float[rays];
        _sin = new float[rays];
        for (int i = 0; i < rays; i++)
        {
            _angles[i] = rays == 1 ? 0 : -fieldOfView / 2 + fieldOfView * i / (rays - 1);
            _cos[i] = (float)Math.Cos(_angles[i]);
            _sin[i] = (float)Math.Sin(_angles[i]);
        }
    }

    public int Rays { get; }
    public double FieldOfView { get; }
    public double MaxRange { get; }
    /// <summary>Ray angles relative to the heading, right to left (radians).</summary>
    public ReadOnlySpan<double> Angles => _angles;

    /// <summary>Writes one distance (m) per ray.</summary>
    public void Scan(Track track, double x, double y, double heading, Span<float> distances)
    {
        if (distances.Length < Rays) throw new ArgumentException("distance buffer too small");
        TrackGrid grid = track.Grid;
        float halfW = (float)track.HalfWidth, scale = (float)grid.Scale, inv = (float)grid.InvCell;
        float b0 = halfW - Math.Abs(grid.Sample(x, y)) * scale;
        if (b0 <= 0)
        {
            distances[..Rays].Clear();
            return;
        }
        float ch = (float)Math.Cos(heading), sh = (float)Math.Sin(heading);
        float gx0 = (float)((x - grid.X0) * grid.InvCell), gy0 = (float)((y - grid.Y0) * grid.InvCell);
        var ray = new Ray(grid, halfW, scale, inv, gx0, gy0, b0, (float)MaxRange, (float)Math.Max(0.2, 0.5 * track.MinGap));
        int r = 0;
        fixed (sbyte* sdf = grid.PaddedSignedDistance)
        fixed (float* pc = _cos, ps = _sin, outp = distances)
        {
            if (SimdPaths.Avx2 && Rays >= 8)
            {
                // At most 8 groups (64 rays) per call keeps the stack state small.
                for (; r + 8 <= Rays; r += 64)
                {
                    int groups = Math.Min(8, (Rays - r) / 8);
                    ray.MarchGroups(sdf, pc + r, ps + r, ch, sh, outp + r, groups);
                    if (groups < 8) { r += groups * 8; break; }
                }
            }
            for (; r < Rays; r++)
                outp[r] = ray.March(sdf, ch * pc[r] - sh * ps[r], sh * pc[r] + ch * ps[r]);
        }
    }

    /// <summary>
    /// Shortens each ray to the nearest box it meets (other cars, obstacles) after <see cref="Scan"/>:
    /// boxes beyond the longest ray are skipped whole, and a box in range is tested only against the
    /// rays within the angle its bounding circle subtends.
    /// </summary>
    public void Occlude(ReadOnlySpan<Traffic.OrientedBox> boxes, double x, double y, double heading, Span<float> distances)
    {
        if (boxes.IsEmpty) return;
        float ch = (float)Math.Cos(heading), sh = (float)Math.Sin(heading);
        double step = Rays > 1 ? FieldOfView / (Rays - 1) : 0;
        for (int b = 0; b < boxes.Length; b++)
        {
            ref readonly Traffic.OrientedBox box = ref boxes[b];
            double dx = box.X - x, dy = box.Y - y, reach = MaxRange + box.Radius, d2 = dx * dx + dy * dy;
            if (d2 > reach * reach) continue;
            int first = 0, last = Rays - 1;
            double d = Math.Sqrt(d2);
            if (d > box.Radius && step > 0)
            {
                // The bearing relative to the heading, and the half-angle of the bounding circle.
                double bearing = global::RlLab.Sim.Angles.Wrap(Math.Atan2(dy, dx) - heading), half = Math.Asin(box.Radius / d);
                // Unless the field of view and the box's angle wrap past ±π (then every ray is tested),
                // the rays in [bearing − half, bearing + half] are the only ones that can meet it.
                if (FieldOfView / 2 + half < Math.PI)
                {
                    double lo = bearing - half + FieldOfView / 2, hi = bearing + half + FieldOfView / 2;
                    first = Math.Max(0, (int)Math.Ceiling(lo / step - 1e-9));
                    last = Math.Min(Rays - 1, (int)Math.Floor(hi / step + 1e-9));
                }
            }
            for (int r = first; r <= last; r++)
            {
                double rx = ch * _cos[r] - sh * _sin[r], ry = sh * _cos[r] + ch * _sin[r];
                double t = box.RayDistance(x, y, rx, ry, distances[r]);
                if (t < distances[r]) distances[r] = (float)t;
            }
        }
    }

    /// <summary>The marching state shared by the scalar and the vector loops (same float arithmetic).</summary>
    readonly struct Ray(TrackGrid grid, float halfW, float scale, float inv, float gx0, float gy0, float b0, float max, float maxOverstep)
    {
        readonly int _gw = grid.Width, _gh = grid.Height;

        float Edge(sbyte* sdf, float t, float dx, float dy)
        {
            int ix = Math.Clamp((int)(gx0 + t * dx * inv), 0, _gw - 1), iy = Math.Clamp((int)(gy0 + t * dy * inv), 0, _gh - 1);
            return halfW - Math.Abs(sdf[iy * _gw + ix]) * scale;
        }

        public float March(sbyte* sdf, float dx, float dy)
        {
            float t = 0, b = b0;
            while (true)
            {
                float tn = Math.Min(t + Math.Max(b, 0) + Math.Min(Overstep + OverstepPerMetre * t, maxOverstep), max);
                float bn = Edge(sdf, tn, dx, dy);
                if (bn <= 0)
                {
                    float lo = t, hi = tn;
                    for (int k = 0; k < Bisections; k++)
                    {
                        float mid = 0.5f * (lo + hi);
                        if (Edge(sdf, mid, dx, dy) <= 0) hi = mid;
                        else lo = mid;
                    }
                    return 0.5f * (lo + hi);
                }
                if (tn >= max) return max;
                t = tn;
                b = bn;
            }
        }

        Vector256<float> Edge8(sbyte* sdf, Vector256<float> t, Vector256<float> dx, Vector256<float> dy)
        {
            Vector256<float> vinv = Vector256.Create(inv);
            Vector256<float> gx = Vector256.Create(gx0) + t * dx * vinv, gy = Vector256.Create(gy0) + t * dy * vinv;
            Vector256<int> ix = Avx2.Min(Avx2.Max(Avx.ConvertToVector256Int32WithTruncation(gx), Vector256<int>.Zero), Vector256.Create(_gw - 1));
            Vector256<int> iy = Avx2.Min(Avx2.Max(Avx.ConvertToVector256Int32WithTruncation(gy), Vector256<int>.Zero), Vector256.Create(_gh - 1));
            Vector256<int> raw = Avx2.GatherVector256((int*)sdf, Avx2.Add(Avx2.MultiplyLow(iy, Vector256.Create(_gw)), ix), 1);
            Vector256<int> v = Avx2.Abs(Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(raw, 24), 24)).AsInt32();
            return Vector256.Create(halfW) - Avx.ConvertToVector256Single(v) * Vector256.Create(scale);
        }

        /// <summary>
        /// Marches <paramref name="groups"/> × 8 rays in one loop: the groups' gathers are independent,
        /// so the CPU overlaps their latencies instead of waiting on one ray chain at a time.
        /// </summary>
        public void MarchGroups(sbyte* sdf, float* cos, float* sin, float ch, float sh, float* output, int groups)
        {
            Vector256<float>* state = stackalloc Vector256<float>[groups * 7];
            Vector256<float>* dxs = state, dys = state + groups, ts = state + 2 * groups, bs = state + 3 * groups;
            Vector256<float>* los = state + 4 * groups, his = state + 5 * groups, actives = state + 6 * groups;
            Vector256<float> vmax = Vector256.Create(max), zero = Vector256<float>.Zero;
            Vector256<float> overstep = Vector256.Create(Overstep), perMetre = Vector256.Create(OverstepPerMetre), capStep = Vector256.Create(maxOverstep);
            for (int g = 0; g < groups; g++)
            {
                Vector256<float> c = Vector256.Load(cos + 8 * g), s = Vector256.Load(sin + 8 * g);
                dxs[g] = Vector256.Create(ch) * c - Vector256.Create(sh) * s;
                dys[g] = Vector256.Create(sh) * c + Vector256.Create(ch) * s;
                ts[g] = zero;
                bs[g] = Vector256.Create(b0);
                los[g] = his[g] = vmax;
                actives[g] = Vector256<float>.AllBitsSet;
            }
            bool any = true;
            while (any)
            {
                any = false;
                for (int g = 0; g < groups; g++)
                {
                    Vector256<float> active = actives[g];
                    if (Vector256.EqualsAll(active.AsInt32(), Vector256<int>.Zero)) continue;
                    Vector256<float> t = ts[g];
                    Vector256<float> tn = Vector256.Min(t + Vector256.Max(bs[g], zero) + Vector256.Min(overstep + perMetre * t, capStep), vmax);
                    Vector256<float> bn = Edge8(sdf, tn, dxs[g], dys[g]);
                    Vector256<float> hit = Vector256.LessThanOrEqual(bn, zero) & active;
                    los[g] = Vector256.ConditionalSelect(hit, t, los[g]);
                    his[g] = Vector256.ConditionalSelect(hit, tn, his[g]);
                    active = Vector256.AndNot(active, hit | Vector256.GreaterThanOrEqual(tn, vmax));
                    actives[g] = active;
                    ts[g] = Vector256.ConditionalSelect(active, tn, t);
                    bs[g] = Vector256.ConditionalSelect(active, bn, bs[g]);
                    any |= !Vector256.EqualsAll(active.AsInt32(), Vector256<int>.Zero);
                }
            }
            // Rays that never hit have lo = hi = max and stay there.
            Vector256<float> half = Vector256.Create(0.5f);
            for (int k = 0; k < Bisections; k++)
                for (int g = 0; g < groups; g++)
                {
                    Vector256<float> mid = (los[g] + his[g]) * half;
                    Vector256<float> outside = Vector256.LessThanOrEqual(Edge8(sdf, mid, dxs[g], dys[g]), zero);
                    his[g] = Vector256.ConditionalSelect(outside, mid, his[g]);
                    los[g] = Vector256.ConditionalSelect(outside, los[g], mid);
                }
            for (int g = 0; g < groups; g++) Vector256.Store((los[g] + his[g]) * half, output + 8 * g);
        }
    }
}
