namespace RlLab.Sim.Vehicles;

/// <summary>
/// The kinematic bicycle about the rear axle: the car follows an arc of curvature tan(δ)/L.
/// Integrated exactly over the step (a circular arc at the mean speed), so a constant steer
/// traces a true circle of radius L/tan(δ) at any dt.
/// </summary>
public sealed class KinematicBicycle : IVehicleModel
{
    public static KinematicBicycle Instance { get; } = new();

    public void Step(ref CarState s, in Controls c, VehicleParams p, double dt)
    {
        double steer = Math.Clamp(c.Steer, -p.MaxSteer, p.MaxSteer);
        double v0 = s.Speed;
        double v1 = Math.Clamp(v0 + c.Acceleration * dt, 0, p.MaxSpeed);
        double distance = 0.5 * (v0 + v1) * dt;
        double kappa = Math.Tan(steer) / p.WheelBase;
        Advance(ref s, distance, kappa);
        s.Speed = v1;
        s.Steer = steer;
        s.LateralSpeed = 0;
        s.YawRate = v1 * kappa;
    }

    /// <summary>Moves the rear axle along an arc of the given length and curvature.</summary>
    public static void Advance(ref CarState s, double distance, double kappa)
    {
        double h0 = s.Heading;
        double dh = kappa * distance;
        var (sin0, cos0) = s.HeadingSinCos();
        if (Math.Abs(dh) < 1e-9)
        {
            s.X += distance * cos0;
            s.Y += distance * sin0;
        }
        else
        {
            double h1 = h0 + dh, sin1 = Math.Sin(h1), cos1 = Math.Cos(h1);
            s.X += (sin1 - sin0) / kappa;
            s.Y += (cos0 - cos1) / kappa;
            s.Heading = Angles.Wrap(h1);
            s.Remember(h1, sin1, cos1);
        }
    }
}
