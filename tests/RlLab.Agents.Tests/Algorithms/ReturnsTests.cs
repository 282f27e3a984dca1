using RlLab.Agents.Algorithms;
using RlLab.Agents.Buffers;

namespace RlLab.Agents.Tests.Algorithms;

public sealed class ReturnsTests
{
    [Fact]
    public void DiscountedReturnsMatchHandComputation()
    {
        float[] g = Reinforce<float>.DiscountedReturns([1, 1, 1], 0.5, normalize: false);
        Assert.Equal([1.75f, 1.5f, 1f], g);
    }

    [Fact]
    public void NormalisedReturnsHaveZeroMeanUnitStd()
    {
        float[] g = Reinforce<float>.DiscountedReturns([1, 0, 2, 1, 1], 0.95, normalize: true);
        Assert.Equal(0, g.Average(), 5);
        Assert.Equal(1, Math.Sqrt(g.Average(x => x * x)), 4);
    }

    [Fact]
    public void GaeMatchesHandComputation()
    {
        // One env, three steps; the episode ends after step 1 (index 1).
        var buffer = new RolloutBuffer<float>(3, 1, 1, 1);
        buffer.Rewards[0] = 1; buffer.Rewards[1] = 2; buffer.Rewards[2] = 3;
        buffer.Values[0] = 0.5f; buffer.Values[1] = 0.25f; buffer.Values[2] = 1f;
        buffer.Dones[1] = true;
        double gamma = 0.9, lambda = 0.8;
        buffer.ComputeAdvantages([2f], gamma, lambda);

        double d2 = 3 + gamma * 2 - 1;            // bootstraps from the last value
        double d1 = 2 - 0.25;                     // terminal: no bootstrap
        double d0 = 1 + gamma * 0.25 - 0.5;
        double a2 = d2, a1 = d1, a0 = d0 + gamma * lambda * a1;
        Assert.Equal(a0, buffer.Advantages[0], 5);
        Assert.Equal(a1, buffer.Advantages[1], 5);
        Assert.Equal(a2, buffer.Advantages[2], 5);
        Assert.Equal(a0 + 0.5, buffer.Returns[0], 5);
    }
}
