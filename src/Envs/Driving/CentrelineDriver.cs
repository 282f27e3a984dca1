namespace RlLab.Envs.Driving;

/// <summary>
/// A simple scripted driver for benchmarks, pictures and tests: follow the track's curvature and
/// steer back towards the centre (a proportional controller on offset and heading error).
/// </summary>
public static class CentrelineDriver
{
    /// <summary>The curvature command (1/m), for the <c>curvature</c> action mode.</summary>
    public static float Curvature(DrivingCore core, double offsetGain = 0.05, double headingGain = 0.5) =>
        (float)Towards(core, 0, double.PositiveInfinity, offsetGain, headingGain);

    /// <summary>
    /// The curvature (1/m) that follows the road at <paramref name="target"/> m left of the centreline: the
    /// road's curvature, less feedback on the offset error (clamped to ± <paramref name="maxError"/> m) and the heading error.
    /// </summary>
    public static double Towards(DrivingCore core, double target, double maxError, double offsetGain = 0.05, double headingGain = 0.5) =>
        core.Projection.Curvature - offsetGain * Math.Clamp(core.Projection.Offset - target, -maxError, maxError) - headingGain * core.HeadingError;

    /// <summary>Writes the action for the env's action mode (discrete: the nearest of the 5 levels).</summary>
    public static void Act(DrivingCore core, Span<float> action)
    {
        double k = Curvature(core);
        switch (core.Config.Action)
        {
            case ActionMode.Discrete:
                action[0] = (float)Math.Clamp(Math.Round(2 + 2 * k / core.Config.MaxActionCurvature), 0, 4);
                break;
            case ActionMode.LaneSpeed:
                action[0] = LaneSpeedAction.Encode(LaneSpeedAction.CurrentLane(core), core.Config.Speed, core.Config.Traffic.Lanes, core.Config.MaxSpeed);
                break;
            case ActionMode.SteerThrottle:
                action[0] = (float)(Math.Atan(k * core.Car.Params.WheelBase) / core.Car.Params.MaxSteer);
                action[1] = (float)Math.Clamp((core.Config.Speed - core.Car.State.Speed) * 0.5, -1, 1);
                break;
            default:
                action[0] = (float)k;
                break;
        }
    }
}
