using RlLab.Envs.Tests.Fakes;
using RlLab.Envs.Wrappers;

namespace RlLab.Envs.Tests.Wrappers;

public class TimeLimitAndStatisticsTests
{
    [Fact]
    public void Time_limit_truncates_at_max_steps_and_says_why()
    {
        var env = new EpisodeStatistics<float>(new TimeLimit<float>(new CountingEnv(1), 4));
        var obs = new float[1];
        env.Reset(obs, 0);
        for (int t = 1; t <= 3; t++) Assert.False(env.Step([1f, 0f], obs).Done);
        StepResult last = env.Step([1f, 0f], obs);
        Assert.True(last.Truncated);
        Assert.False(last.Terminated);

        EpisodeInfo info = EpisodeInfo.Empty;
        env.FillEpisodeInfo(ref info);
        Assert.Equal(4, info.Length);
        Assert.Equal(2 + 3 + 4 + 5, info.Return);   // reward = action + t
        Assert.Equal("time_limit", info.EndReason);
        Assert.Equal(1, env.EpisodeCount);
        Assert.Empty(info.Metrics());

        // The counter restarts with the episode.
        env.Reset(obs);
        for (int t = 1; t <= 3; t++) Assert.False(env.Step([0f, 0f], obs).Done);
    }

    [Fact]
    public void Termination_on_the_last_step_is_not_a_truncation()
    {
        var env = new EpisodeStatistics<float>(new TimeLimit<float>(new CountingEnv(1, terminateAfter: 2), 2));
        var obs = new float[1];
        env.Reset(obs, 0);
        env.Step([0f, 0f], obs);
        StepResult r = env.Step([0f, 0f], obs);
        Assert.True(r.Terminated);
        Assert.False(r.Truncated);
        Assert.Equal("counted", env.LastEpisode.EndReason);
        Assert.Equal(2, env.LastEpisode.Length);
    }

    [Fact]
    public void Find_walks_the_wrapper_chain()
    {
        var inner = new CountingEnv(1);
        IEnv env = new FrameStack<float>(new EpisodeStatistics<float>(new TimeLimit<float>(inner, 4)), 2);
        Assert.Equal(4, env.Find<TimeLimit<float>>()!.MaxSteps);
        Assert.Same(inner, env.Find<CountingEnv>());
        Assert.Null(env.Find<NormalizeObservation>());
        Assert.Same(inner, ((Wrapper<float>)env).Unwrapped);
    }
}
