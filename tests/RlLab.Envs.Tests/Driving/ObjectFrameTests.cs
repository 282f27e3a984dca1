using RlLab.Envs.Driving;
using RlLab.Envs.Registry;
using RlLab.Sim.Sensors;

namespace RlLab.Envs.Tests.Driving;

public class ObjectFrameTests
{
    static IEnv<float> Make(string frame) => (IEnv<float>)EnvRegistry.Default.Make("Driving", new EnvOptions(new Dictionary<string, object?>
    {
        ["lanes"] = 2, ["traffic_density"] = 30, ["obstacles"] = 3, ["traffic_speed"] = 3, ["nearest_objects"] = 4,
        ["objects_frame"] = frame, ["tracks"] = "0-9", ["max_steps"] = 600,
    }));

    /// <summary>
    /// Two envs in lockstep, one reporting the nearest objects in the car's frame and one along the road.
    /// On a bend an object ahead in the car's own lane reads 0 to the left along the road, where the
    /// car's frame (the same object, found by its box) puts it most of a lane aside; the road frame's numbers are the arc length and the offset difference.
    /// </summary>
    [Fact]
    public void Along_the_road_an_object_ahead_in_the_cars_lane_on_a_bend_reads_straight_ahead()
    {
        IEnv<float> car = Make("car"), road = Make("road");
        DrivingCore core = ((IDrivingEnv)road).Core;
        const int Per = ObjectSensor.PerObject;
        int state = car.ObservationSpace.FlatSize - 4 * Per;
        var a = new float[car.ObservationSpace.FlatSize];
        var b = new float[road.ObservationSpace.FlatSize];
        var action = new float[1];
        int bends = 0, checkedObjects = 0;
        for (int seed = 0; seed < 30 && bends < 5; seed++)
        {
            car.Reset(a, seed);
            road.Reset(b, seed);
            StepResult r = default;
            for (int t = 0; t < 600 && !r.Done; t++)
            {
                Assert.Equal(a.AsSpan(0, state).ToArray(), b.AsSpan(0, state).ToArray());
                var ego = core.Ego;
                double length = core.Track.Length, scale = core.Rule.MaxOffset, range = core.Config.ObjectsRange;
                for (int k = 0; k < 4 && b[state + k * Per] == 1; k++)
                {
                    float forward = (float)(b[state + k * Per + 1] * range), left = (float)(b[state + k * Per + 2] * scale);
                    // The object this slot names: the one at that arc length and offset.
                    int named = -1;
                    for (int i = 0; i < core.Traffic!.Count; i++)
                    {
                        var o = core.Traffic.Objects[i];
                        double ds = o.S - ego.S;
                        if (ds >= length / 2) ds -= length;
                        if (ds < -length / 2) ds += length;
                        if (Math.Abs(ds - forward) < 1e-3 && Math.Abs(o.Offset - ego.Offset - left) < 1e-3) named = i;
                    }
                    Assert.True(named >= 0, $"slot {k} ({forward:F2} m ahead, {left:F2} m left) names no object");
                    checkedObjects++;
                    // A bend all the way to the object (the same sign and at least 0.02 1/m at the car, halfway and at the object), so the road turns by κ·d.
                    if (forward is > 12 and < 30 && Math.Abs(left) < 0.5 && OneBend(core, ego.S, forward))
                    {
                        // The same object in the car's frame (from its box and the car's), and the slot that reports it there: most of a lane aside.
                        var box = core.Traffic.Boxes[named];
                        var body = core.CarBox;
                        double dx = box.X - body.X, dy = box.Y - body.Y;
                        float carForward = (float)((dx * body.Cos + dy * body.Sin) / range), carLeft = (float)((-dx * body.Sin + dy * body.Cos) / scale);
                        for (int j = 0; j < 4 && a[state + j * Per] == 1; j++)
                            if (Math.Abs(a[state + j * Per + 1] - carForward) < 1e-4 && Math.Abs(a[state + j * Per + 2] - carLeft) < 1e-4)
                            {
                                Assert.True(Math.Abs(carLeft * scale) > 1, $"the car's frame also reads {carLeft * scale:F2} m aside");
                                bends++;
                            }
                    }
                }
                // Keep to the right lane at 10 m/s: the ego car catches the slow cars up.
                action[0] = (float)CentrelineDriver.Towards(core, -2, 1.5);
                r = car.Step(action, a);
                road.Step(action, b);
            }
        }
        Assert.True(checkedObjects > 100, $"only {checkedObjects} object slots seen");
        Assert.True(bends >= 1, "no object ahead in the car's lane on a bend was seen");
    }

    static bool OneBend(DrivingCore core, double s, double ahead)
    {
        double k0 = core.Track.CurvatureAt(s), k1 = core.Track.CurvatureAt(s + ahead / 2), k2 = core.Track.CurvatureAt(s + ahead);
        return Math.Abs(k0) > 0.02 && Math.Abs(k1) > 0.02 && Math.Abs(k2) > 0.02 && Math.Sign(k0) == Math.Sign(k1) && Math.Sign(k1) == Math.Sign(k2);
    }

    [Fact]
    public void The_road_frame_without_objects_is_a_clear_error()
    {
        var e = Assert.Throws<EnvOptionException>(() => EnvRegistry.Default.Make("Driving", new EnvOptions(new Dictionary<string, object?> { ["objects_frame"] = "road" })));
        Assert.Contains("objects_frame", e.Message);
    }
}
