namespace RlLab.Sim.Vehicles;

/// <summary>
/// The pose and motion of one car. (X, Y) is the centre of the REAR axle, the reference point of
/// the kinematic bicycle (its path has radius wheelbase / tan(steer)); <see cref="Heading"/> is
/// counter-clockwise from +x. Speed is along the heading; the dynamic model adds lateral speed
/// and yaw rate.
/// </summary>
public record struct CarState
{
    public double X;
    public double Y;
    public double Heading;
    /// <summary>Longitudinal speed (m/s).</summary>
    public double Speed;
    /// <summary>Road-wheel angle (rad, positive left).</summary>
    public double Steer;
    /// <summary>Lateral speed of the rear axle in the car frame (m/s, dynamic model only).</summary>
    public double LateralSpeed;
    public double YawRate;

    // The sine and cosine of a heading as last computed, and that heading: the kinematic arc needs them
    // at both ends of a step, and one step's end is the next one's start (the same bits, two calls fewer).
    double _trigHeading, _sinHeading, _cosHeading;
    bool _hasTrig;

    /// <summary>Math.Sin and Math.Cos of <see cref="Heading"/>, reused while the heading is the one they were computed for.</summary>
    internal (double Sin, double Cos) HeadingSinCos()
    {
        if (!_hasTrig || _trigHeading != Heading) Remember(Heading, Math.Sin(Heading), Math.Cos(Heading));
        return (_sinHeading, _cosHeading);
    }

    /// <summary>Keeps a heading's Math.Sin and Math.Cos for <see cref="HeadingSinCos"/>.</summary>
    internal void Remember(double heading, double sin, double cos)
    {
        _trigHeading = heading;
        _sinHeading = sin;
        _cosHeading = cos;
        _hasTrig = true;
    }

    /// <summary>The centre of the car body, (wheel base / 2) ahead of the rear axle.</summary>
    public readonly (double X, double Y) Centre(VehicleParams p)
    {
        var (x, y, _, _) = Body(p);
        return (x, y);
    }

    /// <summary>The body centre and the heading's unit vector, from one sine and cosine (per-step callers need both).</summary>
    public readonly (double X, double Y, double Cos, double Sin) Body(VehicleParams p)
    {
        var (sin, cos) = Math.SinCos(Heading);
        return (X + cos * p.WheelBase / 2, Y + sin * p.WheelBase / 2, cos, sin);
    }

    /// <summary>A point of the car given in its frame (forward, left) from the rear axle.</summary>
    public readonly (double X, double Y) ToWorld(double forward, double left)
    {
        double c = Math.Cos(Heading), s = Math.Sin(Heading);
        return (X + c * forward - s * left, Y + s * forward + c * left);
    }
}
