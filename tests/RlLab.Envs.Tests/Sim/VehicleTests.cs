using RlLab.Sim.Vehicles;

namespace RlLab.Envs.Tests.Sim;

public class VehicleTests
{
    static readonly VehicleParams P = VehicleParams.Mit;
    const double Dt = 1.0 / 15;

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.7)]
    [InlineData(-2.0)]
    public void ZeroSteer_DrivesStraight(double heading)
    {
        var s = new CarState { X = 3, Y = -4, Heading = heading, Speed = 12 };
        for (int i = 0; i < 150; i++) KinematicBicycle.Instance.Step(ref s, new Controls(0, 0), P, Dt);
        double d = 12 * 150 * Dt;
        Assert.Equal(3 + d * Math.Cos(heading), s.X, 6);
        Assert.Equal(-4 + d * Math.Sin(heading), s.Y, 6);
        Assert.Equal(heading, s.Heading, 9);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.2)]
    [InlineData(-0.35)]
    public void ConstantSteer_TracesCircleOfRadiusWheelbaseOverTanSteer(double steer)
    {
        double radius = P.WheelBase / Math.Tan(Math.Abs(steer));
        var s = new CarState { Heading = 0, Speed = 8 };
        // The centre of the circle lies on the rear axle's left (steer > 0) or right.
        double cx = 0, cy = Math.Sign(steer) * radius;
        double maxError = 0, travelled = 0;
        for (int i = 0; i < 900; i++)
        {
            KinematicBicycle.Instance.Step(ref s, new Controls(steer, 0), P, Dt);
            travelled += 8 * Dt;
            maxError = Math.Max(maxError, Math.Abs(Math.Sqrt((s.X - cx) * (s.X - cx) + (s.Y - cy) * (s.Y - cy)) - radius));
        }
        Assert.True(maxError < 1e-6 * radius, $"radius error {maxError}");
        Assert.True(travelled > 2 * Math.PI * radius || radius > 60, "went at least once around small circles");
    }

    /// <summary>
    /// The heading's sine and cosine carried from one step's end to the next one's start change no bit:
    /// the path equals the arc computed afresh each step, through heading wraps and a heading set from outside.
    /// </summary>
    [Fact]
    public void CarriedHeadingTrig_GivesTheBitsOfAFreshComputation()
    {
        var s = new CarState { Heading = 3.0, Speed = 9 };
        double x = 0, y = 0, h = 3.0;
        var rng = new RlLab.Sim.Rng(2);
        int wraps = 0;
        for (int i = 0; i < 6_000; i++)
        {
            if (i == 3_000) s.Heading = h = -1.0;
            double steer = i < 3_000 ? 0.3 : rng.Uniform(-P.MaxSteer, P.MaxSteer);
            KinematicBicycle.Instance.Step(ref s, new Controls(steer, 0), P, Dt);
            double distance = 0.5 * (9.0 + 9.0) * Dt, kappa = Math.Tan(steer) / P.WheelBase, dh = kappa * distance;
            if (Math.Abs(dh) < 1e-9) { x += distance * Math.Cos(h); y += distance * Math.Sin(h); }
            else
            {
                double h1 = h + dh;
                x += (Math.Sin(h1) - Math.Sin(h)) / kappa;
                y += (Math.Cos(h) - Math.Cos(h1)) / kappa;
                if (RlLab.Sim.Angles.Wrap(h1) != h1) wraps++;
                h = RlLab.Sim.Angles.Wrap(h1);
            }
            Assert.Equal(x, s.X);
            Assert.Equal(y, s.Y);
            Assert.Equal(h, s.Heading);
        }
        Assert.True(wraps > 10, $"the heading wrapped {wraps} times");
    }

    [Fact]
    public void Throttle_AcceleratesAndBrakeStopsWithoutReversing()
    {
        var s = new CarState { Speed = 5 };
        KinematicBicycle.Instance.Step(ref s, new Controls(0, Controls.AccelerationForThrottle(1, P)), P, 1);
        Assert.Equal(5 + P.MaxAccel, s.Speed, 9);
        for (int i = 0; i < 10; i++) KinematicBicycle.Instance.Step(ref s, new Controls(0, Controls.AccelerationForThrottle(-1, P)), P, 1);
        Assert.Equal(0, s.Speed);
    }

    [Fact]
    public void DynamicModel_AtLowLateralAcceleration_FollowsTheKinematicCircle()
    {
        double steer = 0.05, radius = P.WheelBase / Math.Tan(steer);
        var s = new CarState { Speed = 6 };
        for (int i = 0; i < 300; i++) DynamicBicycle.Instance.Step(ref s, new Controls(steer, 0), P, Dt);
        // Steady state: yaw rate ≈ v / R (within a few % of understeer at 0.65 m/s²).
        Assert.InRange(s.YawRate, 0.9 * s.Speed / radius, 1.1 * s.Speed / radius);
        Assert.InRange(s.Speed, 5.5, 6.0);
    }

    [Fact]
    public void DynamicModel_SlidesWhenTheTyresSaturate()
    {
        var s = new CarState { Speed = 25 };
        for (int i = 0; i < 30; i++) DynamicBicycle.Instance.Step(ref s, new Controls(0.4, 0), P, Dt);
        double kinematicYaw = s.Speed * Math.Tan(0.4) / P.WheelBase;
        Assert.True(Math.Abs(s.YawRate) < 0.6 * kinematicYaw, $"yaw {s.YawRate} vs kinematic {kinematicYaw}");
        Assert.True(Math.Abs(s.LateralSpeed) > 0.1);
    }
}
