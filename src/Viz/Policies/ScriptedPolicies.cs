using RlLab.Envs;
using RlLab.Envs.Classic;
using RlLab.Envs.Driving;
using RlLab.Envs.Wrappers;
using RlLab.Sim.Vehicles;
using RlLab.Viz.Input;
using RlLab.Viz.Platform;

namespace RlLab.Viz.Policies;

/// <summary>
/// Hand-written controllers for `--policy scripted`: they show an env working before anything is
/// trained, and give the viewer's tests a policy that behaves the same on every machine.
/// </summary>
public static class ScriptedPolicies
{
    /// <summary>
    /// CartPole: push towards where the pole is falling, a linear feedback on the observation
    /// [x, ẋ, θ, θ̇]; the small cart terms keep the cart near the middle.
    /// </summary>
    public static ActionChooser<float> CartPole { get; } = static (obs, action) =>
    {
        float u = 0.05f * obs[0] + 0.3f * obs[1] + 8f * obs[2] + 1.5f * obs[3];
        action[0] = u > 0 ? 1 : 0;
    };

    /// <summary>
    /// Driving: pure pursuit. It reads the true pose from the env (not the observation), aims at the
    /// centreline <paramref name="lookahead"/> metres ahead and steers on the arc through that point;
    /// with a throttle it also holds <paramref name="targetSpeed"/>.
    /// </summary>
    public static ActionChooser<TObs> Driving<TObs>(IDrivingEnv env, double lookahead = 8, double targetSpeed = 10) where TObs : unmanaged =>
        (_, action) => WriteDrivingAction(env.Core, PurePursuitCurvature(env.Core, lookahead), 0, action, targetSpeed);

    /// <summary>A person at the keyboard: <see cref="DriverInput"/>'s steer and throttle as the env's action.</summary>
    public static ActionChooser<TObs> Keyboard<TObs>(IDrivingEnv env, DriverInput input) where TObs : unmanaged =>
        (_, action) => WriteDrivingAction(env.Core, input.Steer * env.Core.Config.MaxActionCurvature, input.Throttle, action, null, input.Steer);

    /// <summary>The scripted policy that fits the env: PD for CartPole, pure pursuit for driving.</summary>
    public static ActionChooser<TObs> For<TObs>(IEnv env) where TObs : unmanaged
    {
        if (env.Find<CartPole>() is not null && CartPole is ActionChooser<TObs> pd) return pd;
        if (env.Find<IDrivingEnv>() is { } d) return Driving<TObs>(d);
        if (env.Find<RlLab.Envs.Pong.IPongEnv>() is { } p) return Pong<TObs>(p);
        throw new ViewerException($"no scripted policy for this env ({env.GetType().Name}); give a checkpoint instead");
    }

    /// <summary>
    /// Pong: follow the ball and meet it 4 px off the paddle's centre, away from the nearer wall, for a
    /// return steeper than the opponent can follow (it reads the game, not the pixels).
    /// </summary>
    public static ActionChooser<TObs> Pong<TObs>(RlLab.Envs.Pong.IPongEnv env) where TObs : unmanaged => (_, action) =>
    {
        var g = env.Game;
        float target = g.BallY + 2 - 8 + (g.BallY < 114 ? 4 : -4);
        action[0] = !g.BallInPlay ? 0 : g.AgentY > target + 2 ? 2 : g.AgentY < target - 2 ? 3 : 0;
    };

    static double PurePursuitCurvature(DrivingCore core, double lookahead)
    {
        var s = core.Car.State;
        var (tx, ty, _) = core.Track.PoseAt(core.Projection.S + lookahead);
        double dx = tx - s.X, dy = ty - s.Y;
        double c = Math.Cos(s.Heading), sn = Math.Sin(s.Heading);
        double left = -sn * dx + c * dy;
        double d2 = dx * dx + dy * dy;
        return d2 < 1e-6 ? 0 : 2 * left / d2;
    }

    /// <summary>Writes a wanted curvature (and throttle) in whatever action form the env uses.</summary>
    static void WriteDrivingAction(DrivingCore core, double curvature, double throttle, Span<float> action, double? targetSpeed, double? steer = null)
    {
        DrivingConfig config = core.Config;
        VehicleParams p = core.Car.Params;
        double kMax = config.MaxActionCurvature;
        switch (config.Action)
        {
            case ActionMode.Curvature:
                action[0] = (float)Math.Clamp(curvature, -kMax, kMax);
                break;
            case ActionMode.Discrete:
                // The discrete actions are curvatures of −1, −½, 0, ½, 1 × the bound.
                action[0] = (float)Math.Clamp(Math.Round((Math.Clamp(curvature / kMax, -1, 1) + 1) * 2), 0, 4);
                break;
            case ActionMode.LaneSpeed:
            {
                // A keyboard's steer past half moves a lane that way; its throttle asks for full speed or a stop.
                int lane = LaneSpeedAction.CurrentLane(core) + (steer is double s && Math.Abs(s) > 0.5 ? Math.Sign(s) : 0);
                double speed = targetSpeed ?? (throttle > 0.1 ? config.MaxSpeed : throttle < -0.1 ? 0 : core.Car.State.Speed);
                action[0] = LaneSpeedAction.Encode(lane, speed, config.Traffic.Lanes, config.MaxSpeed);
                break;
            }
            default:
                action[0] = (float)(steer ?? Math.Clamp(Controls.SteerForCurvature(curvature, p) / p.MaxSteer, -1, 1));
                action[1] = (float)(targetSpeed is double v ? Math.Clamp((v - core.Car.State.Speed) * 0.5, -1, 1) : throttle);
                break;
        }
    }
}
