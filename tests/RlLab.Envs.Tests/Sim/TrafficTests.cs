using RlLab.Sim.Traffic;
using RlLab.Sim.Tracks;

namespace RlLab.Envs.Tests.Sim;

public class IdmTests
{
    [Fact]
    public void FreeRoad_AcceleratesBelowDesiredSpeed_AndHoldsAtIt()
    {
        var idm = IdmParams.Default;
        Assert.Equal(idm.MaxAcceleration, idm.Acceleration(0, 10, double.PositiveInfinity, 0), 9);
        Assert.Equal(0, idm.Acceleration(10, 10, double.PositiveInfinity, 0), 9);
    }

    /// <summary>A car at 10 m/s approaching a stopped car stops behind it, never closer than a safe gap.</summary>
    [Fact]
    public void StoppedLeader_CarStopsWithASafeGap()
    {
        var idm = IdmParams.Default;
        double dt = 1.0 / 15, x = 0, v = 10, leader = 150, minGap = double.MaxValue;
        for (int step = 0; step < 15 * 120; step++)
        {
            double gap = leader - x - 5;
            minGap = Math.Min(minGap, gap);
            double a = idm.Acceleration(v, 12, gap, v);
            double next = Math.Max(0, v + a * dt);
            x += 0.5 * (v + next) * dt;
            v = next;
        }
        Assert.True(v < 0.05, $"still moving at {v} m/s");
        Assert.True(minGap > 0.5 * idm.MinGap, $"closest gap {minGap} m");
        Assert.InRange(leader - x - 5, 0.5 * idm.MinGap, 3 * idm.MinGap);
    }

    [Fact]
    public void Mobil_RefusesAChangeThatBrakesTheNewFollowerTooHard()
    {
        var m = MobilParams.Default;
        Assert.True(m.ShouldChange(1.0, 0, 0, 0, 0));
        Assert.False(m.ShouldChange(5.0, -m.SafeDeceleration - 0.1, 0, 0, 0));
        Assert.False(m.ShouldChange(0.05, 0, 0, 0, 0));
    }
}

public class OrientedBoxTests
{
    [Fact]
    public void AxisAligned_TouchingBoxesCollide_SeparatedOnesDoNot()
    {
        var a = OrientedBox.FromHeading(0, 0, 0, 4, 2);
        Assert.True(OrientedBox.Overlaps(a, OrientedBox.FromHeading(4, 0, 0, 4, 2)));   // edges touch
        Assert.False(OrientedBox.Overlaps(a, OrientedBox.FromHeading(4.01, 0, 0, 4, 2)));
        Assert.True(OrientedBox.Overlaps(a, OrientedBox.FromHeading(0, 1.99, 0, 4, 2)));
    }

    [Fact]
    public void RotatedBoxes_SeparatedOnlyOnADiagonalAxis()
    {
        // Two unit squares rotated 45°, side by side along the diagonal: their bounding circles and
        // their axis-aligned bounds overlap, only the rotated edge normal separates them.
        double q = Math.PI / 4, d = Math.Sqrt(2) / 2;
        var a = OrientedBox.FromHeading(0, 0, q, 1, 1);
        var near = OrientedBox.FromHeading(1.02 * d, 1.02 * d, q, 1, 1);   // 1.02 apart along the normal
        var touching = OrientedBox.FromHeading(0.999 * d, 0.999 * d, q, 1, 1);
        Assert.False(OrientedBox.Overlaps(a, near));
        Assert.True(OrientedBox.Overlaps(a, touching));
        // A square rotated 45° next to an axis-aligned one: the corner pokes in or stays out.
        var square = OrientedBox.FromHeading(0, 0, 0, 2, 2);
        Assert.True(OrientedBox.Overlaps(square, OrientedBox.FromHeading(1 + d - 0.01, 0, q, 1, 1)));
        Assert.False(OrientedBox.Overlaps(square, OrientedBox.FromHeading(1 + d + 0.01, 0, q, 1, 1)));
        // Diagonal separation: an axis-aligned box and a rotated one whose x and y projections both
        // overlap, separated only by the rotated box's own edge normal.
        var thin = OrientedBox.FromHeading(1.6, 1.6, -q, 4, 0.2);
        Assert.False(OrientedBox.Overlaps(square, thin));
        Assert.True(OrientedBox.Overlaps(square, thin with { X = 1.05, Y = 1.05 }));
    }

    [Fact]
    public void ContainedBox_Collides()
    {
        var big = OrientedBox.FromHeading(3, -2, 0.7, 10, 6);
        var small = OrientedBox.FromHeading(3.2, -1.9, -1.1, 1, 0.5);
        Assert.True(OrientedBox.Overlaps(big, small));
        Assert.True(OrientedBox.Overlaps(small, big));
    }

    [Fact]
    public void Ray_HitsTheNearFace_MissesBeside_AndIsZeroInside()
    {
        var box = OrientedBox.FromHeading(10, 0, Math.PI / 2, 4, 2); // long along y: x from 9 to 11
        Assert.Equal(9, box.RayDistance(0, 0, 1, 0, 50), 9);
        Assert.Equal(double.PositiveInfinity, box.RayDistance(0, 0, 0, 1, 50));
        Assert.Equal(double.PositiveInfinity, box.RayDistance(0, 0, 1, 0, 8));
        Assert.Equal(0, box.RayDistance(10, 0.5, 1, 0, 50));
    }
}

public class TrafficPlacementTests
{
    static Traffic Make(double density = 20, double obstacles = 5, int lanes = 2) => new(new TrafficOptions(lanes, density, obstacles));

    [Fact]
    public void SameSeed_SamePlacement_OtherSeed_Different()
    {
        Track track = TestTracks.Circle(100, 8);
        var a = Make(); var b = Make(); var c = Make();
        a.Reset(track, 42, new Traffic.EgoView(0, -2, 10));
        b.Reset(track, 42, new Traffic.EgoView(0, -2, 10));
        c.Reset(track, 43, new Traffic.EgoView(0, -2, 10));
        Assert.True(a.Count > 5);
        Assert.Equal(a.Objects.ToArray(), b.Objects.ToArray());
        Assert.NotEqual(a.Objects.ToArray(), c.Objects.ToArray());
        for (int i = 0; i < 100; i++) { a.Step(1.0 / 15, new(0, -2, 0)); b.Step(1.0 / 15, new(0, -2, 0)); }
        Assert.Equal(a.Objects.ToArray(), b.Objects.ToArray());
    }

    [Fact]
    public void Placement_KeepsTheStartClear_AndMatchesTheDensity()
    {
        Track track = TestTracks.Circle(100, 8);   // 628 m
        var t = Make(density: 20, obstacles: 0);
        t.Reset(track, 7, new Traffic.EgoView(10, -2, 10));
        Assert.Equal((int)Math.Round(20 * track.Length / 1000), t.CarCount);
        foreach (var o in t.Objects)
        {
            double ahead = track.WrapS(o.S - 10);
            Assert.InRange(ahead, TrafficOptions.ClearAhead - 1e-9, track.Length - TrafficOptions.ClearBehind + 1e-9);
        }
    }

    /// <summary>Cars drive for two simulated minutes on two lanes with obstacles: none ever overlaps another or an obstacle, stepped every step or (far from the ego) every half second.</summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public void Traffic_NeverCollidesWithItself(double farStep)
    {
        Track track = TestTracks.Circle(80, 8);
        var t = new Traffic(new TrafficOptions(2, 25, 4) { FarStep = farStep });
        t.Reset(track, 3, new Traffic.EgoView(0, -2, 0));
        int changes = 0;
        var lanes = t.Objects.ToArray().Select(o => o.Lane).ToArray();
        for (int step = 0; step < 15 * 120; step++)
        {
            // The ego car is parked far off the road: the cars see no one but each other.
            t.Step(1.0 / 15, new Traffic.EgoView(track.Length / 2, 1000, 0));
            var boxes = t.Boxes;
            for (int i = 0; i < t.CarCount; i++)
            {
                if (t.Objects[i].Lane != lanes[i]) { changes++; lanes[i] = t.Objects[i].Lane; }
                for (int j = i + 1; j < t.Count; j++)
                    Assert.False(OrientedBox.Overlaps(boxes[i], boxes[j]), $"step {step}: objects {i} and {j} overlap");
            }
        }
        Assert.True(changes > 0, "MOBIL never changed a lane");
    }

    /// <summary>
    /// The ego car laps the road (off it, so no car reacts to it). A car beyond the near range is stepped
    /// at most once per far step, one within it every step; and what the sensors can see, the cars near the
    /// ego, stays within half a metre of the same traffic stepped every step (one lane: where two
    /// lane-change decisions fall on different steps, the traffics part ways).
    /// </summary>
    [Fact]
    public void FarCars_AreSteppedEveryFarStep_NearOnesEveryStep_CloseToTheFullRate()
    {
        Track track = TestTracks.Circle(100, 8);
        const double dt = 1.0 / 15;
        var options = new TrafficOptions(1, 15, 0);
        var ego = new Traffic.EgoView(0, 1000, 0);
        var (coarse, fine) = Twins(track, options, 5, ego);
        int every = (int)Math.Round(options.FarStep / dt), cars = coarse.CarCount;
        Assert.True(every > 1 && cars >= 8, $"{cars} cars, far step {every}");
        var last = new int[cars];
        int farMoves = 0, nearMoves = 0;
        double worst = 0;
        for (int step = 1; step <= 15 * 60; step++)
        {
            RoadObject[] before = coarse.Objects.ToArray();
            ego = ego with { S = track.WrapS(ego.S + 10 * dt) };
            coarse.Step(dt, ego);
            fine.Step(dt, ego);
            for (int i = 0; i < cars; i++)
            {
                double fromEgo = Math.Abs(AlongRoad(before[i].S - ego.S, track.Length));
                bool moved = !coarse.Objects[i].Equals(before[i]);
                if (fromEgo <= options.NearRange)
                {
                    Assert.True(moved || before[i].Speed == 0, $"step {step}: near car {i} was not stepped");
                    nearMoves++;
                    double gap = Math.Abs(AlongRoad(coarse.Objects[i].S - fine.Objects[i].S, track.Length));
                    worst = Math.Max(worst, Math.Max(gap, Math.Abs(coarse.Objects[i].Offset - fine.Objects[i].Offset)));
                }
                else if (moved)
                {
                    Assert.True(step - last[i] >= every, $"step {step}: far car {i} stepped {step - last[i]} steps after its last");
                    farMoves++;
                }
                if (moved) last[i] = step;
            }
        }
        Assert.True(farMoves > 0 && nearMoves > 0, $"{farMoves} far and {nearMoves} near steps");
        Assert.True(worst < 0.5, $"a near car was {worst:F2} m from the full-rate traffic's");
    }

    /// <summary>The ego car jumps (a reset or a placement) next to a car that has been far: that car is stepped at once and stands where the full-rate traffic has it.</summary>
    [Fact]
    public void AFarCarIsSteppedAtOnceWhenTheEgoCarJumpsNextToIt()
    {
        Track track = TestTracks.Circle(100, 8);
        const double dt = 1.0 / 15;
        var away = new Traffic.EgoView(0, 1000, 0);
        var (coarse, fine) = Twins(track, new TrafficOptions(1, 5, 0), 9, away);
        // Far from every car for a while: the cars sleep between their far steps.
        for (int step = 0; step < 40; step++)
        {
            away = away with { S = track.WrapS(coarse.Objects[0].S + track.Length / 2) };
            coarse.Step(dt, away);
            fine.Step(dt, away);
        }
        RoadObject before = coarse.Objects[0];
        var beside = away with { S = fine.Objects[0].S };
        coarse.Step(dt, beside);
        fine.Step(dt, beside);
        Assert.NotEqual(before, coarse.Objects[0]);
        Assert.InRange(Math.Abs(AlongRoad(coarse.Objects[0].S - fine.Objects[0].S, track.Length)), 0, 0.5);
    }

    /// <summary>The same traffic twice, reset alike: with the options' far step, and with every car stepped every step.</summary>
    static (Traffic Coarse, Traffic Fine) Twins(Track track, TrafficOptions options, ulong seed, Traffic.EgoView ego)
    {
        var coarse = new Traffic(options);
        var fine = new Traffic(options with { FarStep = 0 });
        coarse.Reset(track, seed, ego);
        fine.Reset(track, seed, ego);
        return (coarse, fine);
    }

    static double AlongRoad(double ds, double length) => ds >= length / 2 ? ds - length : ds < -length / 2 ? ds + length : ds;

    [Fact]
    public void Step_AllocatesNothing()
    {
        Track track = TestTracks.Circle(80, 8);
        var t = Make(density: 25, obstacles: 4);
        t.Reset(track, 3, new Traffic.EgoView(0, -2, 5));
        var ego = OrientedBox.FromHeading(80, 0, Math.PI / 2, 5, 2);
        for (int i = 0; i < 50; i++) t.Step(1.0 / 15, new(0, -2, 5));
        long least = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++) { t.Step(1.0 / 15, new(0, -2, 5)); t.FirstOverlap(ego); }
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, least);
    }
}

public class LidarOcclusionTests
{
    /// <summary>The per-box ray window finds exactly what testing every ray against every box finds.</summary>
    [Theory]
    [InlineData(32, 180.0)]
    [InlineData(7, 20.0)]
    [InlineData(64, 360.0)]
    [InlineData(33, 300.0)]
    public void Occlude_MatchesEveryRayAgainstEveryBox(int rays, double fovDegrees)
    {
        var lidar = new RlLab.Sim.Sensors.Lidar(rays, fovDegrees * Math.PI / 180, 30);
        var rng = new RlLab.Sim.Rng(5);
        var boxes = new OrientedBox[40];
        for (int i = 0; i < boxes.Length; i++)
            boxes[i] = OrientedBox.FromHeading(rng.Uniform(-35, 35), rng.Uniform(-35, 35), rng.Uniform(-3, 3), rng.Uniform(0.5, 5), rng.Uniform(0.5, 2));
        for (int trial = 0; trial < 20; trial++)
        {
            double heading = rng.Uniform(-Math.PI, Math.PI);
            var fast = new float[rays];
            Array.Fill(fast, 30f);
            var slow = (float[])fast.Clone();
            lidar.Occlude(boxes, 0.3, -0.2, heading, fast);
            for (int r = 0; r < rays; r++)
            {
                double a = heading + lidar.Angles[r];
                foreach (var b in boxes) slow[r] = (float)Math.Min(slow[r], b.RayDistance(0.3, -0.2, Math.Cos(a), Math.Sin(a), slow[r]));
            }
            for (int r = 0; r < rays; r++) Assert.Equal(slow[r], fast[r], 3);
        }
    }
}
