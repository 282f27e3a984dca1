using RlLab.Envs.Spaces;
using RlLab.Envs.Tests.Fakes;
using RlLab.Envs.Wrappers;

namespace RlLab.Envs.Tests.Wrappers;

public class NormalizeObservationTests
{
    /// <summary>What the wrapper should output for the newest of <paramref name="seen"/> raw observations.</summary>
    static float[] Expected(List<float[]> seen, double clip)
    {
        int n = seen[0].Length;
        var result = new float[n];
        for (int i = 0; i < n; i++)
        {
            (double mean, double var) = RunningMeanStdTests.Reference(seen.Select(o => o[i]).ToList());
            result[i] = (float)Math.Clamp((seen[^1][i] - mean) / Math.Sqrt(var + 1e-8), -clip, clip);
        }
        return result;
    }

    static float[] Raw(int episode, int t) => [.. Enumerable.Range(0, 3).Select(i => CountingEnv.Value(episode, t, i))];

    [Fact]
    public void Reset_and_step_observations_are_normalised_with_updated_statistics()
    {
        var env = new NormalizeObservation(new CountingEnv(3));
        var obs = new float[3];
        var seen = new List<float[]> { Raw(100, 0) };
        env.Reset(obs, 1);
        Assert.Equal(Expected(seen, 10), obs, new FloatTolerance(1e-5f));
        for (int t = 1; t <= 6; t++)
        {
            env.Step([0f, 0f], obs);
            seen.Add(Raw(100, t));
            Assert.Equal(Expected(seen, 10), obs, new FloatTolerance(1e-5f));
        }
        Assert.Equal(7 + 1e-4, env.Statistics.Count, 1e-9);
        // The counting observations grow, so the newest one sits above the mean.
        Assert.All(obs, v => Assert.True(v > 1f));
    }

    [Fact]
    public void Clip_bounds_the_output_and_the_space()
    {
        var env = new NormalizeObservation(new CountingEnv(3), clip: 0.5);
        var obs = new float[3];
        env.Reset(obs, 1);
        for (int t = 0; t < 5; t++) env.Step([0f, 0f], obs);
        Assert.All(obs, v => Assert.Equal(0.5f, v));
        Assert.Equal(Box.Uniform(-0.5f, 0.5f, [3]), env.ObservationSpace);
    }

    [Fact]
    public void Frozen_statistics_do_not_change()
    {
        var env = new NormalizeObservation(new CountingEnv(3));
        var obs = new float[3];
        env.Reset(obs, 1);
        env.Step([0f, 0f], obs);
        env.Frozen = true;
        float[] before = env.GetStatistics();
        env.Step([0f, 0f], obs);
        env.Step([0f, 0f], obs);
        Assert.Equal(before, env.GetStatistics());
        // Still normalised, with the frozen statistics.
        double expected = (CountingEnv.Value(100, 3, 0) - env.Statistics.Mean[0]) / Math.Sqrt(env.Statistics.Variance(0) + 1e-8);
        Assert.Equal((float)Math.Min(expected, 10), obs[0], 1e-5f);
    }

    [Fact]
    public void Statistics_saved_as_floats_reproduce_the_normalisation()
    {
        var trained = new NormalizeObservation(new CountingEnv(3));
        var obs = new float[3];
        trained.Reset(obs, 2);
        for (int t = 0; t < 4; t++) trained.Step([0f, 0f], obs);
        float[] state = trained.GetStatistics();
        Assert.Equal(7, state.Length);

        var restored = new NormalizeObservation(new CountingEnv(3)) { Frozen = true };
        restored.SetStatistics(state);
        trained.Frozen = true;
        float[] a = new float[3], b = new float[3];
        trained.Reset(a, 5);
        restored.Reset(b, 5);
        Assert.Equal(a, b, new FloatTolerance(1e-5f));
    }

    [Fact]
    public void Needs_float_box_observations() =>
        Assert.Throws<ArgumentException>(() => new NormalizeObservation(new DiscreteObsEnv()));

    sealed class DiscreteObsEnv : IEnv<float>
    {
        public Space ObservationSpace => new Discrete(4);
        public Space ActionSpace => new Discrete(2);
        public void Reset(Span<float> observation, int? seed = null) { }
        public StepResult Step(ReadOnlySpan<float> action, Span<float> observation) => default;
    }
}

/// <summary>Element-wise float comparison with an absolute tolerance.</summary>
sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
{
    public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
    public int GetHashCode(float obj) => 0;
}
