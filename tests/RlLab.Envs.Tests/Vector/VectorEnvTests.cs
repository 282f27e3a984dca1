using RlLab.Envs.Classic;
using RlLab.Envs.Registry;
using RlLab.Envs.Spaces;
using RlLab.Envs.Vector;

namespace RlLab.Envs.Tests.Vector;

public class VectorEnvTests
{
    [Fact]
    public void Autoreset_keeps_the_final_observation_and_starts_the_next_episode()
    {
        const int n = 3, seed = 10;
        using VectorEnv<float> venv = new EnvStack("CartPole").MakeVector<float>(n);
        // References: the same envs stepped by hand.
        var refs = Enumerable.Range(0, n).Select(_ => new CartPole()).ToArray();
        var refObs = new float[n][];
        venv.Reset(seed);
        for (int i = 0; i < n; i++)
        {
            refObs[i] = new float[4];
            refs[i].Reset(refObs[i], seed + i);
            Assert.Equal(refObs[i], venv.Observation(i).ToArray());
        }

        var lengths = new int[n];
        var endings = new int[n];
        float[] actions = new float[n];
        for (int t = 0; t < 200; t++)
        {
            for (int i = 0; i < n; i++) actions[i] = (t + i) % 5 < 3 ? 1f : 0f;   // drifts right: episodes end
            venv.Step(actions);
            for (int i = 0; i < n; i++)
            {
                StepResult r = refs[i].Step([actions[i]], refObs[i]);
                lengths[i]++;
                Assert.Equal(r.Terminated, venv.Terminated[i]);
                Assert.Equal(r.Truncated, venv.Truncated[i]);
                Assert.Equal(1f, venv.Rewards[i]);
                if (r.Done)
                {
                    // Final observation kept; the buffer already holds the next episode's first observation.
                    Assert.Equal(refObs[i], venv.FinalObservation(i).ToArray());
                    refs[i].Reset(refObs[i]);
                    Assert.Equal(refObs[i], venv.Observation(i).ToArray());
                    Assert.NotEqual(venv.FinalObservation(i).ToArray(), venv.Observation(i).ToArray());
                    EpisodeInfo info = venv.Episodes[i];
                    Assert.Equal(lengths[i], info.Length);
                    Assert.Equal(lengths[i], info.Return);
                    Assert.Equal("pole_fell", info.EndReason);
                    lengths[i] = 0;
                    endings[i]++;
                }
                else
                {
                    Assert.Equal(refObs[i], venv.Observation(i).ToArray());
                }
            }
        }
        Assert.All(endings, e => Assert.True(e >= 2, "every env should finish several episodes"));
    }

    [Fact]
    public void Truncated_episodes_are_reported_with_their_statistics()
    {
        var options = new EnvOptions(new Dictionary<string, object?> { ["max_steps"] = "5" });
        using VectorEnv<float> venv = new EnvStack("CartPole", options).MakeVector<float>(2);
        venv.Reset(0);
        float[] balance = new float[2];
        for (int t = 1; t <= 5; t++)
        {
            for (int i = 0; i < 2; i++) balance[i] = t % 2;
            venv.Step(balance);
            Assert.Equal(t == 5, venv.Truncated[0]);
            Assert.Equal(t == 5, venv.Truncated[1]);
        }
        Assert.False(venv.Terminated[0]);
        Assert.Equal(5, venv.Episodes[1].Length);
        Assert.Equal("time_limit", venv.Episodes[1].EndReason);
    }

    /// <summary>Everything a vector env exposes after each of <paramref name="steps"/> steps, flattened.</summary>
    static List<string> Trace(int envs, int threads, int steps)
    {
        var trace = new List<string>();
        using VectorEnv<float> venv = new EnvStack("CartPole").MakeVector<float>(envs, threads);
        Assert.Equal(Math.Min(threads, envs), venv.Threads);
        venv.Reset(7);
        var actions = new float[envs];
        uint x = 12345;
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < envs; i++)
            {
                x = x * 1664525 + 1013904223;
                actions[i] = x >> 31;
            }
            venv.Step(actions);
            trace.Add(string.Join(",", venv.Observations) + "|" + string.Join(",", venv.Rewards)
                + "|" + string.Join(",", venv.Terminated) + "|" + string.Join(",", venv.Truncated)
                + "|" + string.Join(",", Enumerable.Range(0, envs).Where(venv.Done).Select(i => $"{i}:{venv.Episodes[i].Length}:{string.Join(",", venv.FinalObservation(i).ToArray())}")));
        }
        return trace;
    }

    [Fact]
    public void Results_do_not_depend_on_the_thread_count()
    {
        List<string> one = Trace(7, 1, 150);
        Assert.Equal(one, Trace(7, 2, 150));
        Assert.Equal(one, Trace(7, 3, 150));
    }

    [Fact]
    public void Action_buffer_length_is_checked()
    {
        using VectorEnv<float> venv = new EnvStack("CartPole").MakeVector<float>(2);
        venv.Reset(0);
        Assert.Equal(1, venv.ActionSize);
        Assert.Throws<ArgumentException>(() => venv.Step(new float[3]));
    }

    [Fact]
    public void Non_generic_view_reports_the_observation_type()
    {
        using IVectorEnv venv = new EnvStack("CartPole").MakeVector(4, 2);
        Assert.Equal(DType.Float32, venv.ObservationType);
        Assert.Equal(4, venv.ObservationSize);
        var typed = Assert.IsType<VectorEnv<float>>(venv);
        venv.Reset(1);
        venv.Step(new float[4]);
        Assert.Equal(16, typed.Observations.Length);
    }

    [Fact]
    public void An_env_failing_on_a_worker_thread_surfaces_and_the_pool_survives()
    {
        using var failing = new VectorEnv<float>(i => i == 3 ? new ThrowingEnv() : new Fakes.CountingEnv(1, actionSpace: new Box([-1f], [1f], [1])), 4, threads: 2);
        failing.Reset(0);
        var e = Assert.Throws<AggregateException>(() => failing.Step([0f, 0f, 0f, 1f]));
        Assert.IsType<InvalidOperationException>(e.InnerException);
        failing.Step([0f, 0f, 0f, 0f]);
        Assert.Equal(2f, failing.Rewards[0]);   // CountingEnv's reward is action + t: its second step
    }

    sealed class ThrowingEnv : IEnv<float>
    {
        public Space ObservationSpace { get; } = Box.Uniform(-1, 1, [1]);
        public Space ActionSpace { get; } = new Box([-1f], [1f], [1]);
        public void Reset(Span<float> observation, int? seed = null) { }
        public StepResult Step(ReadOnlySpan<float> action, Span<float> observation) =>
            action[0] > 0 ? throw new InvalidOperationException("boom") : new StepResult(0, false, false);
    }

    [Fact]
    public void Every_env_steps_exactly_once_per_call_under_many_threads()
    {
        // A chunk skipped or run twice would shift CountingEnv's step counter, and so its reward.
        const int n = 5;
        using var venv = new VectorEnv<float>(_ => new Fakes.CountingEnv(1, actionSpace: new Box([-1f], [1f], [1])), n, threads: 4);
        Assert.Equal(4, venv.Threads);
        venv.Reset(0);
        var actions = new float[n];
        for (int t = 1; t <= 3000; t++)
        {
            venv.Step(actions);
            for (int i = 0; i < n; i++)
                Assert.Equal((float)t, venv.Rewards[i]);
        }
    }
}
