using RlLab.Envs.Driving;
using RlLab.Envs.Registry;
using RlLab.Sim.Traffic;

namespace RlLab.Envs.Tests.Driving;

public class EmptyRoadUnchangedTests
{
    /// <summary>
    /// The fingerprints of <see cref="EmptyRoadFingerprint"/> computed by the commit before lanes and
    /// traffic existed (cdc30f4, this same file compiled against it): every observation, reward and
    /// flag of 600 steps with resets, on 10 tracks.
    /// </summary>
    [Theory]
    [InlineData("state", 0, "990EDFFE9293654F"), InlineData("state", 1, "F2DF4BBC51735D0E"), InlineData("state", 2, "F85181CC08C44F5F"), InlineData("state", 3, "B5B189849135B54C")]
    [InlineData("lidar", 0, "4F2467DD46E1E401"), InlineData("lidar", 1, "DE756146FD03A1DA"), InlineData("lidar", 2, "205CD22B762CDD44"), InlineData("lidar", 3, "17C4FC16AA4A5ECF")]
    [InlineData("topdown", 0, "218C24F9667B6949"), InlineData("topdown", 1, "7500CBB785DD9EF5"), InlineData("topdown", 2, "29318A58F85BEFE4"), InlineData("topdown", 3, "14C42AD44D530D2C")]
    [InlineData("camera", 0, "5369C270443B6636"), InlineData("camera", 1, "4C27D4420C2F4904"), InlineData("camera", 2, "D07C9976029AE7B7"), InlineData("camera", 3, "B79A42A1EE399A4A")]
    public void OneLaneNoTraffic_ReproducesTheEpisodesBeforeTraffic(string mode, int seed, string expected)
    {
        Assert.Equal(expected, EmptyRoadFingerprint.Of(seed, ("observation", mode), ("tracks", "0-9"), ("max_steps", 250)));
        Assert.Equal(expected, EmptyRoadFingerprint.Of(seed, ("observation", mode), ("tracks", "0-9"), ("max_steps", 250),
            ("lanes", 1), ("traffic_density", 0), ("obstacles", 0)));
    }
}

public class TrafficEnvTests
{
    static readonly (string, object?)[] Busy = [("lanes", 2), ("traffic_density", 20), ("obstacles", 3), ("max_steps", 400)];

    /// <summary>The busy road, with <paramref name="extra"/> added or replacing its values.</summary>
    static IEnv<float> Make(params (string Key, object? Value)[] extra)
    {
        var options = Busy.ToDictionary(o => o.Item1, o => o.Item2);
        foreach (var (key, value) in extra) options[key] = value;
        return (IEnv<float>)EnvRegistry.Default.Make("Driving", new EnvOptions(options));
    }

    /// <summary>Every car a state or lidar sensor can reach is stepped at the full rate: the near range follows the larger reach; traffic_far_step sets the far rate.</summary>
    [Fact]
    public void The_near_range_follows_the_sensors_reach_and_traffic_far_step_is_read()
    {
        var defaults = DrivingConfig.FromOptions(new EnvOptions(new Dictionary<string, object?>()));
        var wide = DrivingConfig.FromOptions(new EnvOptions(new Dictionary<string, object?> { ["objects_range"] = 80, ["max_range"] = 20, ["traffic_far_step"] = 0 }));
        var lidar = DrivingConfig.FromOptions(new EnvOptions(new Dictionary<string, object?> { ["objects_range"] = 10, ["max_range"] = 90 }));
        Assert.Equal(defaults.ObjectsRange + 10, defaults.Traffic.NearRange);
        Assert.Equal(90, wide.Traffic.NearRange);
        Assert.Equal(100, lidar.Traffic.NearRange);
        Assert.Equal(new TrafficOptions().FarStep, defaults.Traffic.FarStep);
        Assert.Equal(0, wide.Traffic.FarStep);
    }

    [Fact]
    public void Reset_PlacesTheSameTrafficForTheSameSeed()
    {
        var a = Make(); var b = Make();
        var obs = new float[a.ObservationSpace.FlatSize];
        a.Reset(obs, 5); b.Reset(obs, 5);
        var ta = ((IDrivingEnv)a).Core.Traffic!; var tb = ((IDrivingEnv)b).Core.Traffic!;
        Assert.True(ta.Count > 3);
        Assert.Equal(ta.Objects.ToArray(), tb.Objects.ToArray());
        a.Reset(obs, 6);
        Assert.NotEqual(ta.Objects.ToArray(), tb.Objects.ToArray());
    }

    [Fact]
    public void TwoLanes_EgoStartsInTheRightLane()
    {
        var env = (IEnv<float>)DrivingTestKit.Make(("lanes", 2));
        var obs = new float[env.ObservationSpace.FlatSize];
        env.Reset(obs, 1);
        var core = ((IDrivingEnv)env).Core;
        Assert.Equal(8, core.Track.Width);
        Assert.InRange(core.Projection.Offset, -2.6, -1.4);
        Assert.Null(core.Traffic);
    }

    /// <summary>Driving the centreline straight through traffic ends in a collision, reported as the end reason, an infraction and a lower score.</summary>
    [Fact]
    public void DrivingIntoTraffic_IsACollision_WithTheCarlaPenalty()
    {
        var env = Make(("traffic_density", 60), ("obstacles", 0), ("traffic_speed", 3));
        var core = ((IDrivingEnv)env).Core;
        var obs = new float[env.ObservationSpace.FlatSize];
        var action = new float[1];
        env.Reset(obs, 1);
        StepResult r = default;
        for (int i = 0; i < 400 && !r.Done; i++)
        {
            // Stay in the right lane whatever is ahead.
            action[0] = (float)(core.Projection.Curvature - 0.05 * (core.Projection.Offset + 2) - 0.5 * core.HeadingError);
            r = env.Step(action, obs);
        }
        Assert.True(r.Terminated);
        var info = new EpisodeInfo();
        env.FillEpisodeInfo(ref info);
        Assert.Equal("collision_vehicle", info.EndReason);
        Assert.Equal(1, info.Metric("collisions_vehicle"));
        Assert.Equal(0.6 * core.RouteCompletion, info.Metric("driving_score"), 12);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void LeavingTheRoad_CostsTheStaticCoefficient_UntilTheRouteIsComplete(double driveFirst)
    {
        var env = (IEnv<float>)DrivingTestKit.Make(("track", DrivingTestKit.OvalPath), ("max_steps", 2000), ("max_heading_error", 3.0));
        var core = ((IDrivingEnv)env).Core;
        var obs = new float[env.ObservationSpace.FlatSize];
        var action = new float[1];
        env.Reset(obs, 0);
        for (int i = 0; i < 2000 && core.RouteCompletion < driveFirst; i++) { action[0] = CentrelineDriver.Curvature(core); env.Step(action, obs); }
        Assert.Equal(core.RouteCompletion, core.DrivingScore);
        double completion = core.RouteCompletion;
        for (int i = 0; i < 200; i++) { action[0] = 0.12f; if (env.Step(action, obs).Done) break; }
        var info = new EpisodeInfo();
        env.FillEpisodeInfo(ref info);
        Assert.Equal("offroad", info.EndReason);
        // Counted either way; after a whole lap the route is over and, as in CARLA, it costs the score nothing.
        Assert.Equal(1, info.Metric("offroad"));
        Assert.Equal(driveFirst < 1 ? RlLab.Sim.Rules.DrivingScore.Offroad * info.Metric("route_completion") : 1, info.Metric("driving_score"), 12);
        Assert.InRange(info.Metric("route_completion"), completion, completion + 0.05);
    }

    [Fact]
    public void NearestObjects_AppendsFiveFloatsEach_NearestFirst()
    {
        var env = Make(("nearest_objects", 3));
        var core = ((IDrivingEnv)env).Core;
        Assert.Equal(3 + 6 + 15, env.ObservationSpace.FlatSize);
        var obs = new float[env.ObservationSpace.FlatSize];
        env.Reset(obs, 2);
        var action = new float[1];
        for (int i = 0; i < 30; i++) { action[0] = CentrelineDriver.Curvature(core); env.Step(action, obs); }
        var objects = obs.AsSpan(9);
        // Forward ÷ objects_range (50 m), left ÷ the ego offset's scale (the crash rule's offset limit).
        double range = 50, lateral = core.Rule.MaxOffset, previous = 0;
        for (int k = 0; k < 3; k++)
        {
            if (objects[5 * k] == 0) { Assert.True(objects.Slice(5 * k, 5).ToArray().All(v => v == 0)); continue; }
            double forward = objects[5 * k + 1] * range, left = objects[5 * k + 2] * lateral;
            double d = Math.Sqrt(forward * forward + left * left);
            Assert.True(d >= previous - 1e-3 && d <= range + 1e-3, $"object {k} at {d:F2} m after {previous:F2} m");
            previous = d;
        }
        Assert.Equal(1, objects[0]);
        // The nearest is the box nearest the body centre, its left offset in the car's frame.
        var (cx, cy, cos, sin) = core.Car.State.Body(core.Car.Params);
        var nearest = core.Traffic!.Boxes.ToArray().MinBy(b => (b.X - cx) * (b.X - cx) + (b.Y - cy) * (b.Y - cy));
        Assert.Equal(-(nearest.X - cx) * sin + (nearest.Y - cy) * cos, objects[2] * lateral, 3);
    }

    [Fact]
    public void Lidar_SeesACarAhead()
    {
        var env = (IEnv<float>)DrivingTestKit.Make(("observation", "lidar"), ("rays", 9), ("fov", 20), ("lanes", 2), ("traffic_density", 60), ("traffic_speed", 3));
        var core = ((IDrivingEnv)env).Core;
        var obs = new float[env.ObservationSpace.FlatSize];
        var action = new float[1];
        env.Reset(obs, 1);
        bool sawCloser = false;
        var lidar = ((DrivingEnv)env).Lidar!;
        var clear = new float[9];
        for (int i = 0; i < 400; i++)
        {
            action[0] = (float)(core.Projection.Curvature - 0.05 * (core.Projection.Offset + 2) - 0.5 * core.HeadingError);
            if (env.Step(action, obs).Done) break;
            var (cx, cy) = core.Car.State.Centre(core.Car.Params);
            lidar.Scan(core.Track, cx, cy, core.Car.State.Heading, clear);
            if (obs[4] * lidar.MaxRange < clear[4] - 1) sawCloser = true;
        }
        Assert.True(sawCloser, "no ray ever stopped short of the road edge at a car");
    }

    [Theory]
    [InlineData("lanes", 0), InlineData("lanes", 9), InlineData("traffic_density", -1), InlineData("obstacles", 51), InlineData("nearest_objects", 17), InlineData("traffic_speed", 0)]
    public void BadValues_NameTheKey(string key, object value)
    {
        var e = Assert.Throws<EnvOptionException>(() => DrivingTestKit.Make((key, value)));
        Assert.Equal(key, e.Key);
    }

    [Fact]
    public void NearestObjects_NeedsTheStateObservation()
    {
        var e = Assert.Throws<EnvOptionException>(() => DrivingTestKit.Make(("observation", "lidar"), ("nearest_objects", 2)));
        Assert.Equal("nearest_objects", e.Key);
    }

    [Fact]
    public void WideRoad_IsRefusedNamingLanes()
    {
        var e = Assert.Throws<EnvOptionException>(() => DrivingTestKit.Make(("lanes", 8), ("lane_width", 4)));
        Assert.Equal("lanes", e.Key);
    }

    [Theory]
    [InlineData(-2, 0)]
    [InlineData(2, 0)]
    [InlineData(0, 1)]
    [InlineData(3, 0.5)]
    [InlineData(-4, 1)]
    [InlineData(-5, 1.5)]
    public void FromLaneCentre_IsTheDistanceToTheNearestLanesCentreOverHalfALane(double offset, double expected)
    {
        // An 8 m road of two lanes, centres at −2 and +2: `reward: lane_centre` pays progress × (1 − this).
        Assert.Equal(expected, TrafficOptions.FromLaneCentre(8, 2, offset), 12);
        // One lane: the distance from the road's centre over its half-width.
        Assert.Equal(Math.Abs(offset) / 4, TrafficOptions.FromLaneCentre(8, 1, offset), 12);
    }

    [Fact]
    public void LaneCentres_SplitTheRoadEvenly()
    {
        Assert.Equal(0, TrafficOptions.LaneCentre(4, 1, 0));
        Assert.Equal(-2, TrafficOptions.LaneCentre(8, 2, 0));
        Assert.Equal(2, TrafficOptions.LaneCentre(8, 2, 1));
    }
}

public class TrafficPictureTests
{
    /// <summary>Both image views draw the other cars in their colour once one is in view (none on an empty road).</summary>
    [Theory]
    [InlineData("topdown")]
    [InlineData("camera")]
    public void ImageViews_DrawTheOtherCars(string mode)
    {
        Assert.Equal(0, MostCarPixels(mode, 0));
        Assert.True(MostCarPixels(mode, 60) > 10);
    }

    static int MostCarPixels(string mode, double density)
    {
        var env = (IEnv<byte>)DrivingTestKit.Make(("observation", mode), ("lanes", 2), ("traffic_density", density), ("traffic_speed", 3), ("max_steps", 300));
        var core = ((IDrivingEnv)env).Core;
        var obs = new byte[env.ObservationSpace.FlatSize];
        var action = new float[1];
        env.Reset(obs, 1);
        var blue = RlLab.Sim.Sensors.Palette.Default.OtherCar;
        int most = 0;
        for (int i = 0; i < 300; i++)
        {
            action[0] = (float)(core.Projection.Curvature - 0.05 * (core.Projection.Offset + 2) - 0.5 * core.HeadingError);
            if (env.Step(action, obs).Done) break;
            int count = 0;
            for (int p = 0; p + 2 < obs.Length; p += 3)
                if (obs[p] == blue.R && obs[p + 1] == blue.G && obs[p + 2] == blue.B) count++;
            most = Math.Max(most, count);
        }
        return most;
    }
}

public class MaxSpeedTests
{
    [Fact]
    public void FullThrottle_StopsAtMaxSpeed()
    {
        var env = (IEnv<float>)DrivingTestKit.Make(("action", "steer_throttle"), ("max_speed", 12), ("track", DrivingTestKit.OvalPath));
        var core = ((IDrivingEnv)env).Core;
        var obs = new float[env.ObservationSpace.FlatSize];
        var action = new float[2];
        env.Reset(obs, 0);
        for (int i = 0; i < 150; i++) { CentrelineDriver.Act(core, action); action[1] = 1; env.Step(action, obs); }
        Assert.Equal(12, core.Car.State.Speed, 9);
    }

    [Fact]
    public void SpeedAboveMaxSpeed_IsRefusedNamingSpeed()
    {
        var e = Assert.Throws<EnvOptionException>(() => DrivingTestKit.Make(("speed", 15), ("max_speed", 12)));
        Assert.Equal("speed", e.Key);
    }
}
