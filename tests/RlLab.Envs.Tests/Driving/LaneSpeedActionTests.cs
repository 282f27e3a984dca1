using RlLab.Envs.Driving;
using RlLab.Envs.Spaces;
using RlLab.Sim.Traffic;

namespace RlLab.Envs.Tests.Driving;

public class LaneSpeedActionTests
{
    [Fact]
    public void The_action_space_is_a_lane_and_a_speed_level_and_decodes_both_ways()
    {
        var env = (IEnv<float>)DrivingTestKit.Make(("action", "lane_speed"), ("lanes", 3), ("max_speed", 12));
        Assert.Equal(new Discrete(15), env.ActionSpace);
        Assert.Equal((0, 0.0), LaneSpeedAction.Decode(0, 3, 12));
        Assert.Equal((1, 6.0), LaneSpeedAction.Decode(7, 3, 12));
        Assert.Equal((2, 12.0), LaneSpeedAction.Decode(14, 3, 12));
        // Out of range and NaN clamp, as the other action modes do.
        Assert.Equal((2, 12.0), LaneSpeedAction.Decode(99, 3, 12));
        Assert.Equal((0, 0.0), LaneSpeedAction.Decode(double.NaN, 3, 12));
        for (int a = 0; a < 15; a++)
        {
            var (lane, speed) = LaneSpeedAction.Decode(a, 3, 12);
            Assert.Equal(a, LaneSpeedAction.Encode(lane, speed, 3, 12));
        }
    }

    /// <summary>
    /// On an empty two-lane road the controller settles on the chosen lane's centre and speed, changes
    /// lane when asked, and never comes near the heading limit, for a whole lap of a curvy track.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void The_controller_holds_the_chosen_lane_and_speed_and_changes_lane_within_the_rules(int trackSeed)
    {
        var env = (IEnv<float>)DrivingTestKit.Make(("action", "lane_speed"), ("lanes", 2), ("max_speed", 12), ("tracks", trackSeed.ToString()), ("max_steps", 0));
        DrivingCore core = ((IDrivingEnv)env).Core;
        var obs = new float[env.ObservationSpace.FlatSize];
        env.Reset(obs, 1);
        double right = TrafficOptions.LaneCentre(core.Track.Width, 2, 0), left = TrafficOptions.LaneCentre(core.Track.Width, 2, 1);
        double worstHeading = 0;
        StepResult r = default;

        void Drive(int lane, double speed, int steps)
        {
            var action = new float[] { LaneSpeedAction.Encode(lane, speed, 2, 12) };
            for (int i = 0; i < steps; i++)
            {
                r = env.Step(action, obs);
                Assert.False(r.Terminated, $"the controller crashed ({core.Crash}) at {core.Projection.S:F0} m, offset {core.Projection.Offset:F2} m");
                worstHeading = Math.Max(worstHeading, Math.Abs(core.HeadingError));
            }
        }

        // 10 s in the right lane at 9 m/s.
        Drive(0, 9, 150);
        Assert.InRange(core.Projection.Offset, right - 0.3, right + 0.3);
        Assert.InRange(core.Car.State.Speed, 8.9, 9.1);
        // To the left lane at full speed: there within 5 s, and held.
        Drive(1, 12, 75);
        Assert.InRange(core.Projection.Offset, left - 0.3, left + 0.3);
        Drive(1, 12, 150);
        Assert.InRange(core.Projection.Offset, left - 0.3, left + 0.3);
        Assert.InRange(core.Car.State.Speed, 11.9, 12.1);
        // Back to the right, then a stop.
        Drive(0, 12, 150);
        Assert.InRange(core.Projection.Offset, right - 0.3, right + 0.3);
        Drive(0, 0, 60);
        Assert.True(core.Car.State.Speed < 0.05, $"still at {core.Car.State.Speed:F2} m/s after 4 s asking for a stop");
        Assert.True(worstHeading < 0.6 * core.Config.MaxHeadingError, $"the heading error reached {worstHeading:F3} rad");
    }

    [Fact]
    public void The_centreline_driver_keeps_its_lane_at_the_configured_speed()
    {
        var env = (IEnv<float>)DrivingTestKit.Make(("action", "lane_speed"), ("lanes", 2), ("max_speed", 12), ("speed", 6), ("max_steps", 300));
        DrivingCore core = ((IDrivingEnv)env).Core;
        var obs = new float[env.ObservationSpace.FlatSize];
        var action = new float[1];
        env.Reset(obs, 2);
        StepResult r = default;
        while (!r.Done) { CentrelineDriver.Act(core, action); r = env.Step(action, obs); }
        Assert.True(r.Truncated);
        Assert.Equal(0, LaneSpeedAction.CurrentLane(core));
        Assert.InRange(core.Car.State.Speed, 5.9, 6.1);
    }
}
