using RlLab.Sim.Traffic;
using RlLab.Sim.Vehicles;

namespace RlLab.Envs.Driving;

/// <summary>
/// <c>action: lane_speed</c>: the policy picks a lane and a target speed, as highway-env's meta-actions
/// do, and a fixed low-level controller drives: the centreline driver's feedback law towards the
/// lane's centre and a proportional speed control. Action k is lane k / <see cref="Levels"/> (0 the rightmost) at
/// speed level k % <see cref="Levels"/>, a share of <c>max_speed</c> from 0 to 1.
/// </summary>
public static class LaneSpeedAction
{
    /// <summary>Speed levels per lane: 0, ¼, ½, ¾ and all of max_speed.</summary>
    public const int Levels = 5;
    /// <summary>The lane-keeping feedback sees at most this offset error (m), so a lane change keeps the heading within about 9° of the road's.</summary>
    const double MaxLateralError = 1.5;
    /// <summary>The speed controller's gain (1/s).</summary>
    const double SpeedGain = 2;

    public static int Count(int lanes) => lanes * Levels;

    /// <summary>The lane and the target speed (m/s) of action <paramref name="action"/> (out of range: clamped).</summary>
    public static (int Lane, double Speed) Decode(double action, int lanes, double maxSpeed)
    {
        int a = (int)Math.Clamp(DrivingCore.Finite(action), 0, Count(lanes) - 1);
        return (a / Levels, maxSpeed * (a % Levels) / (Levels - 1));
    }

    /// <summary>The action that asks for a lane and the level nearest a speed.</summary>
    public static int Encode(int lane, double speed, int lanes, double maxSpeed) =>
        Math.Clamp(lane, 0, lanes - 1) * Levels + (int)Math.Clamp(Math.Round(speed / maxSpeed * (Levels - 1)), 0, Levels - 1);

    /// <summary>The lane the car is in.</summary>
    public static int CurrentLane(DrivingCore core) => TrafficOptions.LaneAt(core.Track.Width, core.Config.Traffic.Lanes, core.Projection.Offset);

    /// <summary>The controls that drive towards the action's lane and speed.</summary>
    public static Controls Control(DrivingCore core, double action)
    {
        DrivingConfig config = core.Config;
        VehicleParams p = core.Car.Params;
        var (lane, speed) = Decode(action, config.Traffic.Lanes, config.MaxSpeed);
        double target = TrafficOptions.LaneCentre(core.Track.Width, config.Traffic.Lanes, lane);
        double steer = Controls.SteerForCurvature(CentrelineDriver.Towards(core, target, MaxLateralError), p);
        double accel = Math.Clamp(SpeedGain * (speed - core.Car.State.Speed), -p.MaxBrake, p.MaxAccel);
        return new Controls(steer, accel);
    }
}
