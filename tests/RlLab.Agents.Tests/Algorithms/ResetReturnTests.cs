using RlLab.Agents.Algorithms;
using RlLab.Agents.Config;

namespace RlLab.Agents.Tests.Algorithms;

public sealed class ResetReturnTests
{
    [Fact]
    public void A_point_restarts_the_discounted_sum()
    {
        // Two points: −1 at step 2, +1 at step 4. Without the reset the first point's steps would see the second.
        float[] rewards = [0, 0, -1, 0, 1];
        float[] g = Reinforce<float>.DiscountedReturns(rewards, 0.5, normalize: false, resetOnReward: true);
        Assert.Equal([-0.25f, -0.5f, -1f, 0.5f, 1f], g);
        float[] plain = Reinforce<float>.DiscountedReturns(rewards, 0.5, normalize: false);
        Assert.Equal(-0.1875f, plain[0], 5);   // 0.25·(−1) + 0.0625·1
    }

    [Fact]
    public void The_option_is_read_and_is_reinforce_only()
    {
        ExperimentConfig c = ConfigLoader.Parse("""
            name: t
            env: {id: CartPole}
            algo: {name: reinforce, reset_return_on_reward: true}
            """, "t.yaml");
        Assert.True(((ReinforceConfig)c.Algo).ResetReturnOnReward);
        Assert.ThrowsAny<Exception>(() => ConfigLoader.Parse("""
            name: t
            env: {id: CartPole}
            algo: {name: ppo, reset_return_on_reward: true}
            """, "t.yaml"));
    }
}
