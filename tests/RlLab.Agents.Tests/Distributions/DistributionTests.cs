using RlLab.Agents.Config;
using RlLab.Agents.Distributions;
using RlLab.Agents.Policies;
using RlLab.Envs.Spaces;
using static TorchSharp.torch;

namespace RlLab.Agents.Tests.Distributions;

/// <summary>Log-probabilities and entropies against their closed forms, computed here in doubles.</summary>
public sealed class DistributionTests
{
    static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    static float[] Values(Tensor t) => t.contiguous().data<float>().ToArray();

    [Fact]
    public void CategoricalLogProbAndEntropyMatchSoftmax()
    {
        using var scope = NewDisposeScope();
        double[][] logits = [[1.0, -0.5, 2.0], [0.0, 0.0, 0.0], [-3.0, 4.0, 0.5]];
        int[] chosen = [2, 1, 0];
        var dist = new Categorical(tensor(logits.SelectMany(r => r.Select(v => (float)v)).ToArray(), [3, 3]));
        float[] logProb = Values(dist.LogProb(tensor(chosen.Select(a => (float)a).ToArray(), [3, 1])));
        float[] entropy = Values(dist.Entropy());

        for (int b = 0; b < 3; b++)
        {
            double logZ = Math.Log(logits[b].Sum(Math.Exp));
            double[] p = [.. logits[b].Select(l => Math.Exp(l - logZ))];
            Assert.Equal(logits[b][chosen[b]] - logZ, logProb[b], 5);
            Assert.Equal(-p.Sum(q => q * Math.Log(q)), entropy[b], 5);
        }
        // Uniform logits: entropy log K.
        Assert.Equal(Math.Log(3), entropy[1], 5);
    }

    [Fact]
    public void CategoricalModeAndSamplesFollowTheProbabilities()
    {
        using var scope = NewDisposeScope();
        var dist = new Categorical(tensor(new[] { 0f, (float)Math.Log(3) }, [1, 2]).expand(4000, 2));
        Assert.Equal(1f, Values(dist.Mode())[0]);
        using var generator = new Generator(5);
        float[] samples = Values(dist.Sample(generator));
        Assert.InRange(samples.Average(), 0.72, 0.78); // P(1) = 3/4
    }

    [Fact]
    public void GaussianLogProbAndEntropyMatchTheClosedForm()
    {
        using var scope = NewDisposeScope();
        float[] mean = [0.1f, -0.3f, 0.05f, 2f], std = [0.5f, 0.1f, 0.02f, 1.5f], x = [0.4f, -0.1f, 0.3f, 2f];
        var dist = new DiagGaussian(tensor(mean, [2, 2]), tensor(std, [2, 2]));
        float[] logProb = Values(dist.LogProb(tensor(x, [2, 2])));
        float[] entropy = Values(dist.Entropy());
        for (int b = 0; b < 2; b++)
        {
            double lp = 0, h = 0;
            for (int d = 0; d < 2; d++)
            {
                int i = b * 2 + d;
                double z = (x[i] - mean[i]) / std[i];
                lp += -0.5 * z * z - Math.Log(std[i]) - 0.5 * LogTwoPi;
                h += 0.5 * Math.Log(2 * Math.PI * Math.E * std[i] * std[i]);
            }
            Assert.Equal(lp, logProb[b], 3);
            Assert.Equal(h, entropy[b], 4);
        }
    }

    [Fact]
    public void GaussianSamplesHaveTheRightMomentsAndUnclippedLogProbs()
    {
        using var scope = NewDisposeScope();
        // A mean near the curvature bound (1/8): many samples land outside [-1/8, 1/8]. Their
        // log-probability is the density of the raw sample, never of the clipped value.
        var dist = new DiagGaussian(full(20000, 1, 0.12f), full(20000, 1, 0.05f));
        using var generator = new Generator(11);
        Tensor sample = dist.Sample(generator);
        float[] s = Values(sample);
        double m = s.Average(), sd = Math.Sqrt(s.Average(v => (v - m) * (v - m)));
        Assert.InRange(m, 0.118, 0.122);
        Assert.InRange(sd, 0.049, 0.051);
        Assert.Contains(s, v => v > 0.125f);

        float[] lp = Values(dist.LogProb(sample));
        for (int i = 0; i < 50; i++)
        {
            double z = (s[i] - 0.12) / 0.05;
            Assert.Equal(-0.5 * z * z - Math.Log(0.05) - 0.5 * LogTwoPi, lp[i], 3);
        }
        Assert.Equal(0.12f, Values(dist.Mode())[0]);
    }

    static ActorCritic Head(string distribution, double initLogStd = 0) =>
        new(new PolicyConfig("mlp", [8], "tanh", false, distribution, initLogStd, "orthogonal"),
            Box.Uniform(-1, 1, [3]), Box.Uniform(-0.125f, 0.125f, [1]), withCritic: false);

    [Fact]
    public void MitGaussianHeadIsTanhOver8AndScaledSigmoid()
    {
        using var scope = NewDisposeScope();
        using ActorCritic policy = Head("mit_gaussian");
        Assert.Equal(ActionHead.MitGaussian, policy.Head);
        // Actor output [mu logit, sigma logit] per row, including saturating values.
        float[] raw = [0.5f, -1f, 50f, -50f, -50f, 50f];
        var dist = (DiagGaussian)policy.Distribution(tensor(raw, [3, 2]));
        float[] mean = Values(dist.Mean), std = Values(dist.Std);
        for (int b = 0; b < 3; b++)
        {
            Assert.Equal(Math.Tanh(raw[2 * b]) / 8, mean[b], 6);
            Assert.Equal(0.1 / (1 + Math.Exp(-raw[2 * b + 1])) + 0.005, std[b], 6);
        }
        Assert.InRange(std.Min(), 0.005f, 0.0051f);
        Assert.InRange(std.Max(), 0.1049f, 0.1051f);
        Assert.InRange(mean.Max(), 0.1249f, 0.125f);
        Assert.InRange(mean.Min(), -0.125f, -0.1249f);
    }

    [Fact]
    public void GaussianHeadHasAStateIndependentLearnableLogStd()
    {
        using var scope = NewDisposeScope();
        using ActorCritic policy = Head("gaussian", initLogStd: -2.5);
        Assert.Equal(ActionHead.Gaussian, policy.Head);
        Tensor obs = tensor(new float[] { 0.1f, 0.2f, 0.3f, -1f, 0.5f, 0.9f }, [2, 3]);
        var (actorOut, value) = policy.call(obs);
        Assert.Null(value);
        var dist = (DiagGaussian)policy.Distribution(actorOut);
        Assert.All(Values(dist.Std), s => Assert.Equal(Math.Exp(-2.5), s, 6));
        Assert.Contains(policy.named_parameters(), p => p.name == "log_std" && p.parameter.requires_grad);
    }

    /// <summary>
    /// The bounded head is the gaussian head with its mean mapped into the Box: centre + half-range·tanh(out),
    /// so however far the actor's output runs, the mean stays inside and a clipped action can be left again.
    /// </summary>
    [Fact]
    public void BoundedGaussianHeadKeepsItsMeanInsideTheBox()
    {
        using var scope = NewDisposeScope();
        using ActorCritic policy = new(new PolicyConfig("mlp", [8], "tanh", false, "bounded_gaussian", -1.5, "orthogonal"),
            Box.Uniform(-1, 1, [3]), new Box([-1f, 0f], [1f, 4f], [2]), withCritic: false);
        Assert.Equal(ActionHead.BoundedGaussian, policy.Head);
        Assert.Equal([2L], policy.named_parameters().Single(p => p.name == "log_std").parameter.shape);
        float[] raw = [0.5f, -1f, 60f, -60f];
        var dist = (DiagGaussian)policy.Distribution(tensor(raw, [2, 2]));
        float[] mean = Values(dist.Mean);
        double[] scale = [1, 2], bias = [0, 2];
        for (int i = 0; i < 4; i++) Assert.Equal(bias[i % 2] + scale[i % 2] * Math.Tanh(raw[i]), mean[i], 5);
        Assert.Equal([1f, 0f], mean[2..]);
        Assert.All(Values(dist.Std), s => Assert.Equal(Math.Exp(-1.5), s, 6));
        Assert.Equal(mean, Values(dist.Mode()));
        // A bounded action space is required, as for tanh_gaussian.
        Assert.Throws<ArgumentException>(() => new ActorCritic(new PolicyConfig("mlp", [8], "tanh", false, "bounded_gaussian", 0, "orthogonal"),
            Box.Uniform(-1, 1, [3]), Box.Uniform(float.NegativeInfinity, float.PositiveInfinity, [1]), withCritic: false));
    }
}
