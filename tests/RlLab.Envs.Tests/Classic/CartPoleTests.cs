using RlLab.Envs.Classic;
using RlLab.Envs.Registry;
using RlLab.Envs.Spaces;

namespace RlLab.Envs.Tests.Classic;

public class CartPoleTests
{
    const float Left = 0, Right = 1;

    /// <summary>
    /// One explicit-Euler step of the Barto–Sutton–Anderson equations (as in Gymnasium's cartpole.py),
    /// written out here with the CartPole-v1 constants as literals so it does not share code with the env.
    /// </summary>
    static (double X, double XDot, double Theta, double ThetaDot) EulerStep((double X, double XDot, double Theta, double ThetaDot) s, bool right)
    {
        const double g = 9.8, massCart = 1.0, massPole = 0.1, halfLength = 0.5, forceMag = 10.0, tau = 0.02;
        double total = massCart + massPole, poleMassLength = massPole * halfLength;
        double force = right ? forceMag : -forceMag;
        double temp = (force + poleMassLength * s.ThetaDot * s.ThetaDot * Math.Sin(s.Theta)) / total;
        double thetaAcc = (g * Math.Sin(s.Theta) - Math.Cos(s.Theta) * temp)
            / (halfLength * (4.0 / 3.0 - massPole * Math.Cos(s.Theta) * Math.Cos(s.Theta) / total));
        double xAcc = temp - poleMassLength * thetaAcc * Math.Cos(s.Theta) / total;
        return (s.X + tau * s.XDot, s.XDot + tau * xAcc, s.Theta + tau * s.ThetaDot, s.ThetaDot + tau * thetaAcc);
    }

    static void AssertState((double X, double XDot, double Theta, double ThetaDot) expected, CartPole env, float[] obs)
    {
        var s = env.State;
        Assert.Equal(expected.X, s.X, 1e-12);
        Assert.Equal(expected.XDot, s.XDot, 1e-12);
        Assert.Equal(expected.Theta, s.Theta, 1e-12);
        Assert.Equal(expected.ThetaDot, s.ThetaDot, 1e-12);
        Assert.Equal([(float)expected.X, (float)expected.XDot, (float)expected.Theta, (float)expected.ThetaDot], obs);
    }

    [Theory]
    [InlineData(0.0, 0.0, 0.1, 0.0, true)]
    [InlineData(0.5, -0.3, -0.05, 0.4, false)]
    [InlineData(-1.2, 0.7, 0.15, -1.1, true)]
    public void Step_follows_the_published_Euler_equations(double x, double xDot, double theta, double thetaDot, bool right)
    {
        var env = new CartPole();
        var obs = new float[4];
        env.Reset(obs, 0);
        env.State = (x, xDot, theta, thetaDot);

        StepResult r = env.Step([right ? Right : Left], obs);

        AssertState(EulerStep((x, xDot, theta, thetaDot), right), env, obs);
        Assert.Equal(new StepResult(1f, false, false), r);
    }

    [Fact]
    public void Push_right_from_a_leaning_pole_matches_hand_computed_numbers()
    {
        // From (0, 0, 0.1, 0) pushing right: temp = 10/1.1; the cart accelerates right and the pole's
        // angular velocity goes negative. Numbers computed separately (Python, float64).
        var env = new CartPole();
        var obs = new float[4];
        env.Reset(obs, 0);
        env.State = (0, 0, 0.1, 0);
        env.Step([Right], obs);
        var s = env.State;
        Assert.Equal(0.0, s.X, 1e-15);
        Assert.Equal(0.19355619172742766, s.XDot, 1e-13);
        Assert.Equal(0.1, s.Theta, 1e-15);
        Assert.Equal(-0.25953280098204656, s.ThetaDot, 1e-13);
    }

    [Fact]
    public void Six_steps_match_hand_computed_trajectory()
    {
        var env = new CartPole();
        var obs = new float[4];
        env.Reset(obs, 0);
        env.State = (0.01, 0.02, -0.03, 0.04);
        foreach (float a in new[] { Right, Right, Left, Right, Left, Left })
            Assert.False(env.Step([a], obs).Done);
        var s = env.State;
        Assert.Equal(0.03986107131741044, s.X, 1e-13);
        Assert.Equal(0.02365134043288128, s.XDot, 1e-13);
        Assert.Equal(-0.06938943011657506, s.Theta, 1e-13);
        Assert.Equal(-0.0406534067864292, s.ThetaDot, 1e-13);
    }

    [Theory]
    [InlineData(2.39, 1.0, 0.0, 0.0, true)]      // x goes to 2.41 > 2.4
    [InlineData(2.30, 1.0, 0.0, 0.0, false)]     // x goes to 2.32
    [InlineData(-2.39, -1.0, 0.0, 0.0, true)]    // x goes to -2.41
    [InlineData(0.0, 0.0, 0.2090, 0.5, true)]    // theta goes to 0.2190 > 12° = 0.20944
    [InlineData(0.0, 0.0, 0.2000, 0.2, false)]   // theta goes to 0.2040
    [InlineData(0.0, 0.0, -0.2090, -0.5, true)]
    public void Terminates_past_2_4_metres_or_12_degrees(double x, double xDot, double theta, double thetaDot, bool expected)
    {
        var env = new CartPole();
        var obs = new float[4];
        env.Reset(obs, 0);
        env.State = (x, xDot, theta, thetaDot);
        StepResult r = env.Step([Right], obs);
        Assert.Equal(expected, r.Terminated);
        Assert.False(r.Truncated);
        Assert.Equal(1f, r.Reward);
        var info = EpisodeInfo.Empty;
        env.FillEpisodeInfo(ref info);
        Assert.Equal(expected ? "pole_fell" : null, info.EndReason);
    }

    [Fact]
    public void Threshold_is_twelve_degrees()
    {
        Assert.Equal(12 * Math.PI / 180, CartPole.ThetaThreshold, 1e-15);
        Assert.Equal(2.4, CartPole.XThreshold);
    }

    [Fact]
    public void Registry_stack_truncates_a_balanced_pole_at_500_steps()
    {
        using IEnv<float> env = new EnvStack("CartPole").Make<float>();
        var obs = new float[4];
        env.Reset(obs, 3);
        int steps = 0;
        StepResult r;
        do
        {
            // A PD controller on the angle with a little cart centring: keeps the pole up for 500 steps.
            float push = obs[2] + 0.5f * obs[3] + 0.01f * obs[0] + 0.05f * obs[1] > 0 ? Right : Left;
            r = env.Step([push], obs);
            steps++;
        }
        while (!r.Done && steps < 1000);

        Assert.Equal(500, steps);
        Assert.True(r.Truncated);
        Assert.False(r.Terminated);
        var info = EpisodeInfo.Empty;
        env.FillEpisodeInfo(ref info);
        Assert.Equal(500, info.Length);
        Assert.Equal(500.0, info.Return);
        Assert.Equal("time_limit", info.EndReason);
    }

    [Fact]
    public void Reset_with_a_seed_is_deterministic_and_in_range()
    {
        var a = new CartPole();
        var b = new CartPole();
        float[] oa = new float[4], ob = new float[4];
        a.Reset(oa, 42);
        b.Reset(ob, 42);
        Assert.Equal(oa, ob);
        Assert.All(oa, v => Assert.InRange(v, -0.05f, 0.05f));
        for (int t = 0; t < 20; t++)
        {
            float act = t % 3 == 0 ? Right : Left;
            Assert.Equal(a.Step([act], oa), b.Step([act], ob));
            Assert.Equal(oa, ob);
        }

        // A different seed gives a different start; no seed continues the stream.
        b.Reset(ob, 43);
        a.Reset(oa, 42);
        Assert.NotEqual(oa, ob);
        float[] first = (float[])oa.Clone();
        a.Reset(oa);
        Assert.NotEqual(first, oa);
    }

    [Fact]
    public void Declares_gymnasium_spaces()
    {
        var env = new CartPole();
        Assert.Equal(new Discrete(2), env.ActionSpace);
        var box = Assert.IsType<Box>(env.ObservationSpace);
        Assert.Equal([4], box.Shape);
        Assert.Equal(4.8f, box.High[0]);
        Assert.Equal((float)(24 * Math.PI / 180), box.High[2], 1e-6f);
    }
}
