namespace RlLab.Envs.Driving;

/// <summary>
/// A simple scripted driver for benchmarks, pictures and tests: follow the track's curvature and
/// steer back towards the centre (a proportional controller on offset and heading error).
/// </summary>
public static class CentrelineDriver
{
    /// <summary>The curvature command (1/m), for the <c>curvature</c> action mode.</summary>
    public static float Curvature(DrivingCore core, double offsetGain = 0.05, double headingGain = 0.5) =>
        (float)(core.Projection.Curvature - offsetGain * core.Projection.Offset - headingGain * core.HeadingError);

    /// <summary>Writes the action for the env's action mode (discrete: the nearest of the 5 levels).</summary>
    public static void Act(DrivingCore core, Span<float> action)
    {
        double k = Curvature(core);
        switch (core.Config.Action)
        {
            case ActionMode.Discrete:
                action[0] = (float)Math.Clamp(Math.Round(2 + 2 * k / core.Config.MaxActionCurvature), 0, 4);
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
