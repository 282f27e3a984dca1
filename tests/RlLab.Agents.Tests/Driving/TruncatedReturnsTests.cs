using RlLab.Agents.Algorithms;
using RlLab.Agents.Config;

namespace RlLab.Agents.Tests.Driving;

/// <summary>REINFORCE's bootstrap_truncated: a time-limited survival episode must not blame its last steps.</summary>
public sealed class TruncatedReturnsTests
{
    [Fact]
    public void SurvivalEpisodeCutByTheTimeLimitGivesEqualReturns()
    {
        float[] rewards = [.. Enumerable.Repeat(1f, 200)];
        float[] g = Reinforce<float>.DiscountedReturns(rewards, 0.95, normalize: false, tail: 1 / (1 - 0.95));
        Assert.All(g, v => Assert.Equal(20.0, v, 4));
        // Normalised, they carry no preference at all.
        Assert.All(Reinforce<float>.DiscountedReturns(rewards, 0.95, normalize: true, tail: 20), v => Assert.InRange(v, -1e-3f, 1e-3f));
    }

    [Fact]
    public void WithoutATailTheLastStepsLookLikeACrash()
    {
        float[] rewards = [.. Enumerable.Repeat(1f, 200)];
        float[] g = Reinforce<float>.DiscountedReturns(rewards, 0.95, normalize: true);
        Assert.True(g[^1] < -3, $"last normalised return {g[^1]}");
        Assert.True(g[0] > 0);
        // G_T-1 = 1, G_T-2 = 1.95 before normalising.
        float[] raw = Reinforce<float>.DiscountedReturns(rewards, 0.95, normalize: false);
        Assert.Equal(1f, raw[^1]);
        Assert.Equal(1.95f, raw[^2], 5);
    }

    [Fact]
    public void ConfigRejectsItForPpoAndWithoutDiscount()
    {
        Assert.Throws<ConfigException>(() => ConfigLoader.Parse("name: x\nenv: {id: CartPole}\nalgo: {name: ppo, bootstrap_truncated: true}\n", "x.yaml"));
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("name: x\nenv: {id: CartPole}\nalgo: {name: reinforce, gamma: 1, bootstrap_truncated: true}\n", "x.yaml"));
        Assert.Contains("gamma < 1", e.Message);
        Assert.True(ConfigLoader.Parse("name: x\nenv: {id: CartPole}\nalgo: {name: reinforce, bootstrap_truncated: true}\n", "x.yaml").Algo is ReinforceConfig { BootstrapTruncated: true });
    }
}
