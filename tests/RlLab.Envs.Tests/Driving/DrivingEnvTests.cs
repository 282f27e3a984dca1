using RlLab.Envs.Driving;
using RlLab.Envs.Registry;
using RlLab.Envs.Spaces;
using RlLab.Envs.Vector;
using RlLab.Sim;
using static RlLab.Envs.Tests.Driving.DrivingTestKit;

namespace RlLab.Envs.Tests.Driving;

public class DrivingEnvTests
{
    [Fact]
    public void StateObservation_HasShapeAndScaledValues()
    {
        using var env = (DrivingEnv)Make(("observation", "state"));
        Assert.Equal([9], env.ObservationSpace.Shape);
        Assert.Equal(new Box([-0.125f], [0.125f], [1]), env.ActionSpace);
        var obs = new float[9];
        env.Reset(obs, 3);
        Assert.InRange(obs[0], -0.26f, 0.26f);   // start offset noise ±0.5 m of a 2 m limit
        Assert.InRange(obs[1], -0.17f, 0.17f);   // heading noise ±0.05 rad of π/10
        Assert.Equal(1f, obs[2], 5);             // 10 m/s / 10
        for (int k = 3; k < 9; k++) Assert.InRange(obs[k], -0.81f, 0.81f);  // |curvature| ≤ 0.08 1/m, × 10
    }

    [Fact]
    public void LidarObservation_IsNormalisedDistances()
    {
        using var env = (DrivingEnv)Make(("observation", "lidar"), ("rays", "16"), ("max_range", "25"));
        Assert.Equal([16], env.ObservationSpace.Shape);
        var obs = new float[16];
        env.Reset(obs, 1);
        Assert.All(obs, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(16, env.LidarDistances.Length);
        Assert.Equal(env.LidarDistances[3] / 25f, obs[3], 5);
    }

    [Theory]
    [InlineData("topdown", 64, 64, 3)]
    [InlineData("camera", 64, 64, 3)]
    [InlineData("camera", 320, 200, 1)]
    [InlineData("topdown", 48, 32, 1)]
    public void ImageObservation_HasHwcShape(string mode, int width, int height, int channels)
    {
        using var env = (DrivingImageEnv)Make(("observation", mode), ("width", width), ("height", height), ("channels", channels));
        var box = Assert.IsType<Box>(env.ObservationSpace);
        Assert.Equal([height, width, channels], box.Shape);
        Assert.Equal(DType.UInt8, box.DType);
        var obs = new byte[box.FlatSize];
        env.Reset(obs, 0);
        // A real picture: more than one colour.
        Assert.True(obs.Distinct().Count() > 2);
    }

    [Theory]
    [InlineData("state")]
    [InlineData("lidar")]
    [InlineData("topdown")]
    [InlineData("camera")]
    public void Episodes_AreDeterministic(string mode)
    {
        (float[] Rewards, ulong Hash) Run()
        {
            IEnv env = Make(("observation", mode), ("tracks", "0-4"), ("dynamics", "dynamic"), ("randomize", new Dictionary<string, object?> { ["colors"] = true, ["noise"] = 10 }));
            var core = ((IDrivingEnv)env).Core;
            var rng = new Rng(99);
            var rewards = new List<float>();
            ulong hash = 14695981039346656037UL;
            var action = new float[1];
            for (int episode = 0; episode < 3; episode++)
            {
                StepResult r = default;
                if (env is IEnv<float> f)
                {
                    var obs = new float[f.ObservationSpace.FlatSize];
                    f.Reset(obs, episode == 0 ? 11 : null);
                    for (int i = 0; i < 40 && !r.Done; i++)
                    {
                        action[0] = CentrelineDriver.Curvature(core) + (float)rng.Uniform(-0.02, 0.02);
                        r = f.Step(action, obs);
                        rewards.Add(r.Reward);
                        hash = Fnv(hash, System.Runtime.InteropServices.MemoryMarshal.AsBytes(obs.AsSpan()));
                    }
                }
                else
                {
                    var b = (IEnv<byte>)env;
                    var obs = new byte[b.ObservationSpace.FlatSize];
                    b.Reset(obs, episode == 0 ? 11 : null);
                    for (int i = 0; i < 40 && !r.Done; i++)
                    {
                        action[0] = CentrelineDriver.Curvature(core) + (float)rng.Uniform(-0.02, 0.02);
                        r = b.Step(action, obs);
                        rewards.Add(r.Reward);
                        hash = Fnv(hash, obs);
                    }
                }
                rewards.Add(float.Parse(core.Track.Name));
            }
            return (rewards.ToArray(), hash);
        }
        var a = Run();
        var b = Run();
        Assert.Equal(a.Rewards, b.Rewards);
        Assert.Equal(a.Hash, b.Hash);
    }

    static ulong Fnv(ulong h, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data) h = (h ^ b) * 1099511628211UL;
        return h;
    }

    [Fact]
    public void TrackSet_DrawsDifferentSeedsFromTheEnvRng()
    {
        using var env = (DrivingEnv)Make(("tracks", "10-19"));
        var obs = new float[env.ObservationSpace.FlatSize];
        var seen = new HashSet<string>();
        env.Reset(obs, 5);
        for (int i = 0; i < 30; i++)
        {
            seen.Add(env.Core.Track.Name);
            Assert.InRange(int.Parse(env.Core.Track.Name), 10, 19);
            env.Reset(obs);
        }
        Assert.True(seen.Count >= 5, $"only {seen.Count} distinct tracks");
        Assert.Equal(["1", "5", "9", "10", "11"], TrackSet.ParseSeeds("1,5,9-11").Select(s => s.ToString()));
    }

    [Fact]
    public void NamedTrack_ResolvesByName()
    {
        using var env = (DrivingEnv)Make(("track", OvalPath));
        var obs = new float[env.ObservationSpace.FlatSize];
        env.Reset(obs, 0);
        Assert.Equal("oval", env.Core.Track.Name);
        Assert.NotNull(TrackSet.ResolveFile("oval"));   // experiments/tracks/oval.track from the repo root
    }

    [Fact]
    public void BadOptions_AreRejected()
    {
        Assert.Throws<EnvOptionException>(() => Make(("observation", "sonar")));
        Assert.Throws<EnvOptionException>(() => Make(("wheels", 3)));
        Assert.Throws<EnvOptionException>(() => Make(("track", "no-such-track")));
        Assert.Throws<EnvOptionException>(() => Make(("tracks", "9-1")));
        Assert.Throws<EnvOptionException>(() => Make(("track", 1), ("tracks", "0-3")));
        Assert.Throws<EnvOptionException>(() => Make(("randomize", new Dictionary<string, object?> { ["fog"] = true })));
        Assert.Throws<EnvOptionException>(() => Make(("max_curvature", 0.001)));
        Assert.Throws<EnvOptionException>(() => Make(("observation", "camera"), ("channels", 2)));
    }

    [Fact]
    public void BrokenTrackFile_IsABadTrackOption_WithFileAndLine()
    {
        string path = Path.Combine(Path.GetTempPath(), $"rllab-{Guid.NewGuid():N}.track");
        File.WriteAllLines(path, ["width 4", "0 0", "x y z"]);
        try
        {
            var e = Assert.Throws<EnvOptionException>(() => Make(("track", path)));
            Assert.Equal("track", e.Key);
            Assert.StartsWith($"{path}:3:", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void CrashOffroad_FiresAtTheStepThatPassesTheLimit_AndIsReported()
    {
        using var env = (DrivingEnv)Make(("track", OvalPath), ("max_heading_error", 1.0));
        var obs = new float[env.ObservationSpace.FlatSize];
        env.Reset(obs, 0);
        // Drift left on the straight at a small angle: the offset grows each step.
        Place(env.Core, 10, 0, 0.15);
        var action = new float[1];
        double lastOffset = 0;
        StepResult r;
        int steps = 0;
        do
        {
            lastOffset = env.Core.Projection.Offset;
            r = env.Step(action, obs);
            steps++;
            if (!r.Terminated) Assert.True(Math.Abs(env.Core.Projection.Offset) <= 2.0);
        } while (!r.Done && steps < 200);
        Assert.True(r.Terminated);
        Assert.True(env.Core.Projection.Offset > 2.0 && lastOffset <= 2.0);
        Assert.Equal(0f, r.Reward);      // survival: nothing for the crash step
        var info = EpisodeInfo.Empty;
        env.FillEpisodeInfo(ref info);
        Assert.Equal("offroad", info.EndReason);
        Assert.Equal("oval", info.Track);
        Assert.InRange(info.Metric("distance"), 0.1, 30);
        Assert.Equal(0, info.Metric("laps"));
        Assert.True(double.IsNaN(info.Metric("best_lap_time")));
    }

    [Fact]
    public void CrashHeading_IsReported()
    {
        using var env = (DrivingEnv)Make(("track", OvalPath), ("crash_penalty", 5));
        var obs = new float[env.ObservationSpace.FlatSize];
        env.Reset(obs, 0);
        Place(env.Core, 10, 0, 0.4);
        StepResult r = env.Step(new float[1], obs);
        Assert.True(r.Terminated);
        Assert.Equal(-5f, r.Reward);
        var info = EpisodeInfo.Empty;
        env.FillEpisodeInfo(ref info);
        Assert.Equal("heading", info.EndReason);
    }

    [Fact]
    public void Laps_AreCountedOnTheOval()
    {
        using var env = (DrivingEnv)Make(("track", OvalPath), ("max_steps", 0), ("reward", "progress"));
        var obs = new float[env.ObservationSpace.FlatSize];
        env.Reset(obs, 0);
        var action = new float[1];
        double total = 0;
        int steps = 0;
        // 2.2 laps of 651.3 m at 10 m/s with dt 1/15.
        int n = (int)(2.2 * 651.3 / 10 * 15);
        for (; steps < n; steps++)
        {
            action[0] = CentrelineDriver.Curvature(env.Core);
            StepResult r = env.Step(action, obs);
            Assert.False(r.Done);
            total += r.Reward;
        }
        Assert.Equal(2, env.Core.Laps.Laps);
        var info = EpisodeInfo.Empty;
        env.FillEpisodeInfo(ref info);
        Assert.Equal(2, info.Metric("laps"));
        // A lap of the centreline at 10 m/s takes 65.1 s; the driver cuts corners by centimetres.
        Assert.InRange(info.Metric("best_lap_time"), 64.0, 66.5);
        Assert.InRange(info.Metric("distance"), 2.1 * 651.3, 2.3 * 651.3);
        Assert.Equal(info.Metric("distance"), total, 1);
    }

    [Fact]
    public void LaneCentreReward_IsProgressWeightedByCentring()
    {
        float StepReward(double offset)
        {
            using var env = (DrivingEnv)Make(("track", OvalPath), ("reward", "lane_centre"));
            var obs = new float[env.ObservationSpace.FlatSize];
            env.Reset(obs, 0);
            Place(env.Core, 10, offset, 0);
            return env.Step(new float[1], obs).Reward;
        }
        float centred = StepReward(0), half = StepReward(1.0);
        Assert.Equal(10 / 15.0, centred, 3);          // 10 m/s for 1/15 s, all of it centred
        Assert.Equal(centred * 0.5, half, 2);          // 1 m of a 2 m limit: half the progress
    }

    [Fact]
    public void TimeOut_TruncatesAndIsReported()
    {
        using var env = (DrivingEnv)Make(("track", OvalPath), ("max_steps", 5));
        var obs = new float[env.ObservationSpace.FlatSize];
        env.Reset(obs, 0);
        var action = new float[1];
        StepResult r = default;
        for (int i = 0; i < 5; i++) { action[0] = CentrelineDriver.Curvature(env.Core); r = env.Step(action, obs); }
        Assert.True(r.Truncated && !r.Terminated);
        var info = EpisodeInfo.Empty;
        env.FillEpisodeInfo(ref info);
        Assert.Equal("time_limit", info.EndReason);
    }

    [Fact]
    public void ActionModes_DiscreteAndThrottle()
    {
        using var discrete = (DrivingEnv)Make(("action", "discrete"));
        Assert.Equal(new Discrete(5), discrete.ActionSpace);
        var obs = new float[discrete.ObservationSpace.FlatSize];
        discrete.Reset(obs, 0);
        double h0 = discrete.Core.Car.State.Heading;
        discrete.Step([4f], obs);
        Assert.True(Angles.Wrap(discrete.Core.Car.State.Heading - h0) > 0, "action 4 turns left");

        using var throttle = (DrivingEnv)Make(("action", "steer_throttle"), ("speed", 5));
        throttle.Reset(obs, 0);
        for (int i = 0; i < 10; i++) throttle.Step([0f, 1f], obs);
        Assert.Equal(5 + 4 * 10 / 15.0, throttle.Core.Car.State.Speed, 6);
    }

    [Fact]
    public void VectorEnv_RunsDrivingOnThreads()
    {
        // Two threads step exactly what one thread steps: same frames and rewards, env by env.
        IEnv<byte> Env(int _) => (IEnv<byte>)Make(("observation", "topdown"), ("width", 32), ("height", 32));
        using var threaded = new VectorEnv<byte>(Env, 4, threads: 2);
        using var serial = new VectorEnv<byte>(Env, 4, threads: 1);
        threaded.Reset(0);
        serial.Reset(0);
        var actions = new float[4];
        for (int i = 0; i < 20; i++)
        {
            for (int e = 0; e < 4; e++) actions[e] = MathF.Sin(i * 0.3f + e);
            threaded.Step(actions);
            serial.Step(actions);
            Assert.Equal(serial.Observations, threaded.Observations);
            Assert.Equal(serial.Rewards, threaded.Rewards);
        }
        Assert.Equal(4 * 32 * 32 * 3, threaded.Observations.Length);
        // Real frames, and each env its own: not blank, and env 0's differs from env 1's.
        Assert.True(threaded.Observation(0).ToArray().Distinct().Count() > 2);
        Assert.False(threaded.Observation(0).SequenceEqual(threaded.Observation(1)));
    }
}

public class DrivingAllocationTests
{
    /// <summary>src/Sim allocates nothing per step: checked for every observation mode (resets excluded).</summary>
    [Theory]
    [InlineData("state")]
    [InlineData("lidar")]
    [InlineData("topdown")]
    [InlineData("camera")]
    public void Step_AllocatesNothing(string mode) =>
        AssertStepsAllocateNothing(DrivingTestKit.Make(("observation", mode), ("dynamics", "dynamic"), ("randomize", mode is "topdown" or "camera" ? new Dictionary<string, object?> { ["noise"] = 4 } : null)));

    /// <summary>The traffic path too: IDM/MOBIL cars, obstacles, collisions, the nearest objects, lidar hits and drawn objects.</summary>
    [Theory]
    [InlineData("state")]
    [InlineData("lidar")]
    [InlineData("topdown")]
    [InlineData("camera")]
    public void Step_WithTraffic_AllocatesNothing(string mode) =>
        AssertStepsAllocateNothing(DrivingTestKit.Make(("observation", mode), ("lanes", 2), ("traffic_density", 15), ("obstacles", 3),
            ("nearest_objects", mode == "state" ? 4 : 0), ("max_steps", 0)));

    static void AssertStepsAllocateNothing(IEnv env)
    {
        var core = ((IDrivingEnv)env).Core;
        var action = new float[1];
        Action<int> steps;
        if (env is IEnv<float> f)
        {
            var obs = new float[f.ObservationSpace.FlatSize];
            f.Reset(obs, 0);
            steps = n => { for (int i = 0; i < n; i++) { action[0] = CentrelineDriver.Curvature(core); f.Step(action, obs); } };
        }
        else
        {
            var b = (IEnv<byte>)env;
            var obs = new byte[b.ObservationSpace.FlatSize];
            b.Reset(obs, 0);
            steps = n => { for (int i = 0; i < n; i++) { action[0] = CentrelineDriver.Curvature(core); b.Step(action, obs); } };
        }
        steps(50);
        // The least of three rounds: a tier-1 JIT install on a loaded machine allocates on this thread once (seen: 1872 bytes at load 14).
        long least = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            steps(200);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, least);
    }
}
