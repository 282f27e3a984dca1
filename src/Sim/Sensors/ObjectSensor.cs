using RlLab.Sim.Traffic;
using RlLab.Sim.Vehicles;

namespace RlLab.Sim.Sensors;

/// <summary>
/// The nearest K other cars and obstacles, nearest first, <see cref="PerObject"/> floats each, in the
/// ego car's frame from its body centre: [present, forward / range, left / lateral scale, relative
/// forward speed / 10 m/s, relative left speed / 10 m/s]. Objects past <see cref="Range"/> (centre to
/// centre) are left out; empty slots are all zeros.
/// </summary>
/// <remarks>
/// The left offset takes the ego offset's scale (the road's half-width), not the range: a lane is then
/// about 1 apart, where ÷ 50 m it was 0.08 and whether a cone ahead is in the car's path was a
/// difference of hundredths.
/// </remarks>
public sealed class ObjectSensor
{
    public const int PerObject = 5;
    public const double SpeedScale = 10;

    readonly double[] _bestDistance;
    readonly int[] _bestIndex;

    public ObjectSensor(int count, double range)
    {
        if (count < 0) throw new ArgumentException("the object count cannot be negative");
        Count = count;
        Range = range;
        _bestDistance = new double[count];
        _bestIndex = new int[count];
    }

    public int Count { get; }
    public double Range { get; }
    public int Size => Count * PerObject;

    /// <param name="body">The ego car's body box: its centre and heading vector are the frame.</param>
    /// <param name="car">The ego car's state, for its velocity.</param>
    /// <param name="lateralScale">The scale of the left offset (m): the state's offset scale, so both read alike.</param>
    public void Write(Span<float> obs, Traffic.Traffic? traffic, in OrientedBox body, in CarState car, double lateralScale)
    {
        if (traffic is null || Count == 0) { obs[..Size].Clear(); return; }
        double cx = body.X, cy = body.Y, cos = body.Cos, sin = body.Sin;
        int found = 0;
        ReadOnlySpan<OrientedBox> boxes = traffic.Boxes;
        double range2 = Range * Range;
        for (int i = 0; i < boxes.Length; i++)
        {
            double dx = boxes[i].X - cx, dy = boxes[i].Y - cy, d2 = dx * dx + dy * dy;
            if (d2 <= range2) Insert(i, d2, ref found);
        }
        double invLateral = 1 / lateralScale;
        double vx = car.Speed * cos - car.LateralSpeed * sin, vy = car.Speed * sin + car.LateralSpeed * cos;
        ReadOnlySpan<RoadObject> objects = traffic.Objects;
        for (int k = 0; k < found; k++)
        {
            int i = _bestIndex[k];
            double dx = boxes[i].X - cx, dy = boxes[i].Y - cy;
            double rvx = objects[i].VelocityX - vx, rvy = objects[i].VelocityY - vy;
            Span<float> o = obs.Slice(k * PerObject, PerObject);
            o[0] = 1;
            o[1] = (float)((dx * cos + dy * sin) / Range);
            o[2] = (float)((-dx * sin + dy * cos) * invLateral);
            o[3] = (float)((rvx * cos + rvy * sin) / SpeedScale);
            o[4] = (float)((-rvx * sin + rvy * cos) / SpeedScale);
        }
        obs[(found * PerObject)..Size].Clear();
    }

    /// <summary>
    /// The same five floats in the road's frame (<c>objects_frame: road</c>): forward is the arc length
    /// from the ego car's body centre to the object's along the centreline, left the difference of their
    /// offsets from it, and the speeds are along and across the road. On a bend the car's frame shifts
    /// an object 15 m ahead sideways by κ·d²/2 (3.4 m at κ = 0.03, most of a lane); here an object in
    /// the car's lane reads 0 to the left whatever the bend. Objects past <see cref="Range"/> along the road are left out.
    /// </summary>
    /// <param name="ego">The ego car's body centre on the road, as the traffic sees it.</param>
    /// <param name="headingError">The ego car's heading less the road's (rad).</param>
    public void WriteAlongRoad(Span<float> obs, Traffic.Traffic? traffic, in Traffic.Traffic.EgoView ego, double headingError, double trackLength, double lateralScale)
    {
        obs[..Size].Clear();
        if (traffic is null || Count == 0) return;
        int found = 0;
        ReadOnlySpan<RoadObject> objects = traffic.Objects;
        double half = trackLength / 2;
        for (int i = 0; i < objects.Length; i++)
        {
            double ds = AlongRoad(objects[i].S - ego.S, half, trackLength), dl = objects[i].Offset - ego.Offset;
            if (Math.Abs(ds) <= Range) Insert(i, ds * ds + dl * dl, ref found);
        }
        double invLateral = 1 / lateralScale;
        var (sin, cos) = Math.SinCos(headingError);
        double along = ego.Speed * cos, across = ego.Speed * sin;
        for (int k = 0; k < found; k++)
        {
            ref readonly RoadObject obj = ref objects[_bestIndex[k]];
            Span<float> o = obs.Slice(k * PerObject, PerObject);
            o[0] = 1;
            o[1] = (float)(AlongRoad(obj.S - ego.S, half, trackLength) / Range);
            o[2] = (float)((obj.Offset - ego.Offset) * invLateral);
            o[3] = (float)((obj.Speed - along) / SpeedScale);
            o[4] = (float)((obj.LateralSpeed - across) / SpeedScale);
        }
    }

    /// <summary>An arc-length difference on a closed road, into [−length/2, length/2).</summary>
    static double AlongRoad(double ds, double half, double length) => ds >= half ? ds - length : ds < -half ? ds + length : ds;

    /// <summary>Insertion into the sorted best list; ties keep the lower index first (determinism).</summary>
    void Insert(int i, double d2, ref int found)
    {
        int at = found < Count ? found : Count - 1;
        if (found == Count && d2 >= _bestDistance[at]) return;
        while (at > 0 && _bestDistance[at - 1] > d2)
        {
            _bestDistance[at] = _bestDistance[at - 1];
            _bestIndex[at] = _bestIndex[at - 1];
            at--;
        }
        _bestDistance[at] = d2;
        _bestIndex[at] = i;
        if (found < Count) found++;
    }
}
