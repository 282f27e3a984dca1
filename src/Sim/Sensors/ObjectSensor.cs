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

    /// <param name="lateralScale">The scale of the left offset (m): the state's offset scale, so both read alike.</param>
    public void Write(Span<float> obs, Traffic.Traffic? traffic, in CarState car, VehicleParams p, double lateralScale)
    {
        obs[..Size].Clear();
        if (traffic is null || Count == 0) return;
        var (cx, cy, cos, sin) = car.Body(p);
        int found = 0;
        ReadOnlySpan<OrientedBox> boxes = traffic.Boxes;
        double range2 = Range * Range;
        for (int i = 0; i < boxes.Length; i++)
        {
            double dx = boxes[i].X - cx, dy = boxes[i].Y - cy, d2 = dx * dx + dy * dy;
            if (d2 > range2) continue;
            // Insertion into the sorted best list; ties keep the lower index first (determinism).
            int at = found < Count ? found : Count - 1;
            if (found == Count && d2 >= _bestDistance[at]) continue;
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
    }
}
