namespace RlLab.Sim.Rules;

/// <summary>Why an episode ended early.</summary>
public enum CrashCause { None, Offroad, Heading, CollisionVehicle, CollisionStatic }

/// <summary>
/// The MIT lab's crash rule: the car crashes when |lateral offset| exceeds <see cref="MaxOffset"/>
/// (default half the 4 m lane) or |heading error| exceeds <see cref="MaxHeadingError"/> (π/10).
/// Strict inequalities: a car exactly at a limit is still fine.
/// </summary>
public sealed record CrashRule(double MaxOffset = 2.0, double MaxHeadingError = Math.PI / 10)
{
    public CrashCause Check(double offset, double headingError)
    {
        if (Math.Abs(offset) > MaxOffset) return CrashCause.Offroad;
        if (Math.Abs(headingError) > MaxHeadingError) return CrashCause.Heading;
        return CrashCause.None;
    }

    /// <summary>The constant string an episode report uses; no allocation.</summary>
    public static string? Describe(CrashCause cause) => cause switch
    {
        CrashCause.Offroad => "offroad",
        CrashCause.Heading => "heading",
        CrashCause.CollisionVehicle => "collision_vehicle",
        CrashCause.CollisionStatic => "collision_static",
        _ => null,
    };
}
