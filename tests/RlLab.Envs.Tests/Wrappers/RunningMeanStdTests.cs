using CsCheck;
using RlLab.Envs.Wrappers;

namespace RlLab.Envs.Tests.Wrappers;

public class RunningMeanStdTests
{
    /// <summary>Gymnasium's batch formula: the prior (mean 0, var 1, count 1e-4) merged with the samples' two-pass moments.</summary>
    internal static (double Mean, double Var) Reference(IReadOnlyList<float> xs)
    {
        const double prior = 1e-4;
        double n = xs.Count, batchMean = xs.Average(v => (double)v);
        double batchVar = xs.Sum(v => (v - batchMean) * (v - batchMean)) / n;
        double total = prior + n, delta = batchMean;
        double mean = delta * n / total;
        double m2 = 1.0 * prior + batchVar * n + delta * delta * prior * n / total;
        return (mean, m2 / total);
    }

    [Fact]
    public void Welford_matches_the_batch_formula() =>
        Gen.Float[-50f, 50f].Array[1, 40].Sample(xs =>
        {
            var rms = new RunningMeanStd(1);
            foreach (float x in xs) rms.Update([x]);
            (double mean, double var) = Reference(xs);
            Assert.Equal(mean, rms.Mean[0], 1e-9);
            Assert.Equal(var, rms.Variance(0), 1e-7);
            Assert.Equal(xs.Length + 1e-4, rms.Count, 1e-12);
        });

    [Fact]
    public void Starts_from_the_prior()
    {
        var rms = new RunningMeanStd(3);
        Assert.Equal(0.0, rms.Mean[2]);
        Assert.Equal(1.0, rms.Variance(2));
        Assert.Equal(1e-4, rms.Count);
    }

    [Fact]
    public void Float_state_round_trips()
    {
        var rms = new RunningMeanStd(2);
        rms.Update([1f, 10f]);
        rms.Update([3f, 30f]);
        float[] state = rms.ToArray();
        Assert.Equal(5, state.Length);
        Assert.Equal(2.0001f, state[0]);
        Assert.Equal((float)rms.Mean[1], state[2]);
        Assert.Equal((float)rms.Variance(0), state[3]);

        var copy = new RunningMeanStd(2);
        copy.Load(state);
        Assert.Equal(state, copy.ToArray());
        Assert.Throws<ArgumentException>(() => copy.Load([1f, 2f]));
        Assert.Throws<ArgumentException>(() => copy.Load([0f, 0f, 0f, 1f, 1f]));
        Assert.Throws<ArgumentException>(() => copy.Load([1f, 0f, 0f, -1f, 1f]));
    }
}
