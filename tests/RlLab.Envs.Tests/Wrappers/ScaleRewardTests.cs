using RlLab.Envs.Tests.Fakes;
using RlLab.Envs.Wrappers;

namespace RlLab.Envs.Tests.Wrappers;

public class ScaleRewardTests
{
    [Fact]
    public void Divides_by_the_std_of_the_discounted_return_which_restarts_at_termination()
    {
        const double gamma = 0.9;
        var env = new ScaleReward<float>(new CountingEnv(2, terminateAfter: 3), gamma, clip: 1e9);
        var obs = new float[2];
        var returns = new List<float>();
        double g = 0;
        for (int episode = 0; episode < 3; episode++)
        {
            env.Reset(obs, episode == 0 ? 1 : null);
            for (int t = 1; t <= 3; t++)
            {
                float action = 0.5f * episode;
                StepResult r = env.Step([action, 0f], obs);
                float raw = action + t;
                bool terminated = t == 3;
                Assert.Equal(terminated, r.Terminated);
                g = g * gamma * (terminated ? 0 : 1) + raw;
                returns.Add((float)g);
                (_, double var) = RunningMeanStdTests.Reference(returns);
                Assert.Equal(raw / Math.Sqrt(var + 1e-8), r.Reward, 1e-3);
            }
        }
        Assert.Equal(9 + 1e-4, env.Statistics.Count, 1e-9);
    }

    [Fact]
    public void Clips_and_can_be_frozen()
    {
        var env = new ScaleReward<float>(new CountingEnv(2), clip: 0.25);
        var obs = new float[2];
        env.Reset(obs, 1);
        StepResult first = env.Step([100f, 0f], obs);
        Assert.Equal(0.25f, first.Reward);
        env.Frozen = true;
        float[] stats = env.GetStatistics();
        env.Step([-100f, 0f], obs);
        Assert.Equal(stats, env.GetStatistics());

        var restored = new ScaleReward<float>(new CountingEnv(2), clip: 1e9) { Frozen = true };
        restored.SetStatistics(stats);
        restored.Reset(obs, 1);
        float scaled = restored.Step([3f, 0f], obs).Reward;
        Assert.Equal(4.0 / Math.Sqrt(stats[2] + 1e-8), scaled, 1e-2);
    }
}
