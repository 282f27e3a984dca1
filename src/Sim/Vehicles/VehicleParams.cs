namespace RlLab.Sim.Vehicles;

/// <summary>
/// A car's dimensions and limits. Defaults are the MIT 6.S191 / VISTA values: 5 m long, 2 m wide,
/// 2.78 m wheel base, steering ratio 14.7 (steering-wheel angle / road-wheel angle).
/// The tyre values are used only by the dynamic model.
/// </summary>
public sealed record VehicleParams
{
    public double Length { get; init; } = 5.0;
    public double Width { get; init; } = 2.0;
    public double WheelBase { get; init; } = 2.78;
    public double SteeringRatio { get; init; } = 14.7;
    /// <summary>Largest road-wheel angle (rad).</summary>
    public double MaxSteer { get; init; } = 0.5;
    public double MaxSpeed { get; init; } = 30.0;
    /// <summary>Acceleration at full throttle and deceleration at full brake (m/s²).</summary>
    public double MaxAccel { get; init; } = 4.0;
    public double MaxBrake { get; init; } = 8.0;

    public double Mass { get; init; } = 1500;
    /// <summary>Yaw inertia (kg·m²).</summary>
    public double YawInertia { get; init; } = 2500;
    /// <summary>Distance from the centre of mass to the front axle; the rest of the wheel base is behind it.</summary>
    public double CgToFront { get; init; } = 1.25;
    /// <summary>Cornering stiffness per axle (N/rad).</summary>
    public double CorneringStiffnessFront { get; init; } = 80000;
    public double CorneringStiffnessRear { get; init; } = 90000;
    /// <summary>Tyre-road friction coefficient; lateral forces saturate at μ·load.</summary>
    public double Friction { get; init; } = 1.0;

    public double CgToRear => WheelBase - CgToFront;
    /// <summary>Overhang in front of the front axle and behind the rear one (equal).</summary>
    public double Overhang => (Length - WheelBase) / 2;

    public static VehicleParams Mit { get; } = new();
}
