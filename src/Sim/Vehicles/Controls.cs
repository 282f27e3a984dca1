namespace RlLab.Sim.Vehicles;

/// <summary>What the driver commands for one step: a road-wheel angle and a longitudinal acceleration.</summary>
public readonly record struct Controls(double Steer, double Acceleration)
{
    /// <summary>The road-wheel angle that makes a kinematic bicycle follow a given curvature (1/m).</summary>
    public static double SteerForCurvature(double curvature, VehicleParams p) => Math.Atan(curvature * p.WheelBase);

    /// <summary>Throttle in [-1, 1] (negative brakes) to an acceleration.</summary>
    public static double AccelerationForThrottle(double throttle, VehicleParams p) =>
        throttle >= 0 ? Math.Min(throttle, 1) * p.MaxAccel : Math.Max(throttle, -1) * p.MaxBrake;
}
