namespace RlLab.Sim.Vehicles;

/// <summary>
/// A dynamic single-track model with tyre slip: linear cornering stiffness saturated at μ·load per
/// axle, integrated with semi-implicit Euler in substeps. Below <see cref="MinSpeed"/> slip angles
/// are ill-defined, so it falls back to the kinematic bicycle.
/// </summary>
public sealed class DynamicBicycle : IVehicleModel
{
    public const double MinSpeed = 2.0;
    const double Gravity = 9.81;
    const int Substeps = 4;

    public static DynamicBicycle Instance { get; } = new();

    public void Step(ref CarState s, in Controls c, VehicleParams p, double dt)
    {
        double steer = Math.Clamp(c.Steer, -p.MaxSteer, p.MaxSteer);
        if (s.Speed < MinSpeed)
        {
            KinematicBicycle.Instance.Step(ref s, c, p, dt);
            return;
        }
        double lf = p.CgToFront, lr = p.CgToRear;
        double loadF = p.Mass * Gravity * lr / p.WheelBase, loadR = p.Mass * Gravity * lf / p.WheelBase;
        double maxF = p.Friction * loadF, maxR = p.Friction * loadR;
        double cos0 = Math.Cos(s.Heading), sin0 = Math.Sin(s.Heading);

        // Work at the centre of mass; the state stores the rear axle.
        double x = s.X + lr * cos0, y = s.Y + lr * sin0, psi = s.Heading;
        double vx = s.Speed, vy = s.LateralSpeed + lr * s.YawRate, r = s.YawRate;
        double h = dt / Substeps;
        double cosD = Math.Cos(steer), sinD = Math.Sin(steer);
        for (int k = 0; k < Substeps; k++)
        {
            double alphaF = steer - Math.Atan2(vy + lf * r, vx);
            double alphaR = -Math.Atan2(vy - lr * r, vx);
            double fyf = Math.Clamp(p.CorneringStiffnessFront * alphaF, -maxF, maxF);
            double fyr = Math.Clamp(p.CorneringStiffnessRear * alphaR, -maxR, maxR);
            double ax = c.Acceleration - fyf * sinD / p.Mass + r * vy;
            double ay = (fyf * cosD + fyr) / p.Mass - r * vx;
            double ar = (lf * fyf * cosD - lr * fyr) / p.YawInertia;
            vx = Math.Clamp(vx + h * ax, 0, p.MaxSpeed);
            vy += h * ay;
            r += h * ar;
            double c1 = Math.Cos(psi), s1 = Math.Sin(psi);
            x += h * (vx * c1 - vy * s1);
            y += h * (vx * s1 + vy * c1);
            psi += h * r;
        }
        psi = Angles.Wrap(psi);
        s.Heading = psi;
        s.X = x - lr * Math.Cos(psi);
        s.Y = y - lr * Math.Sin(psi);
        s.Speed = vx;
        s.YawRate = r;
        s.LateralSpeed = vy - lr * r;
        s.Steer = steer;
    }
}
