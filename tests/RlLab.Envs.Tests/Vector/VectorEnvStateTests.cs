using RlLab.Envs.Registry;
using RlLab.Envs.Vector;
using RlLab.Envs.Wrappers;

namespace RlLab.Envs.Tests.Vector;

/// <summary>The vector env's saved state (exact resume) and its shared statistics (SB3's VecNormalize).</summary>
public sealed class VectorEnvStateTests
{
    const int N = 3, Seed = 5;

    static EnvStack Stack(params WrapperSpec[] wrappers) => new("CartPole", wrappers: wrappers);

    static WrapperSpec[] Statistics => [new(WrapperSpec.NormalizeObservation), new(WrapperSpec.ScaleReward)];

    /// <summary>Actions that end CartPole episodes often, different per env and step.</summary>
    static void Actions(int t, float[] actions)
    {
        for (int i = 0; i < actions.Length; i++) actions[i] = (t * 7 + i * 3) % 5 < 3 ? 1f : 0f;
    }

    static (float[] Obs, float[] Rewards, bool[] Done)[] Run(VectorEnv<float> venv, int from, int steps)
    {
        var actions = new float[venv.Count];
        var rows = new (float[], float[], bool[])[steps];
        for (int t = 0; t < steps; t++)
        {
            Actions(from + t, actions);
            venv.Step(actions);
            rows[t] = (venv.Observations.ToArray(), venv.Rewards.ToArray(), Enumerable.Range(0, venv.Count).Select(venv.Done).ToArray());
        }
        return rows;
    }

    [Fact]
    public void A_restored_vector_env_continues_exactly()
    {
        using VectorEnv<float> a = Stack(Statistics).MakeVector<float>(N);
        a.RecordActions = true;
        a.Reset(Seed);
        Run(a, 0, 137);   // several episodes ended, each env mid-episode
        byte[] state = a.SaveState(out string? why)!;
        Assert.Null(why);

        using VectorEnv<float> b = Stack(Statistics).MakeVector<float>(N);
        b.RecordActions = true;
        Assert.True(b.TryRestoreState(state, out string? problem), problem);
        Assert.Equal(a.Observations, b.Observations);

        var ra = Run(a, 137, 300);
        var rb = Run(b, 137, 300);
        for (int t = 0; t < ra.Length; t++)
        {
            Assert.Equal(ra[t].Obs, rb[t].Obs);
            Assert.Equal(ra[t].Rewards, rb[t].Rewards);
            Assert.Equal(ra[t].Done, rb[t].Done);
        }
        Assert.Contains(ra, r => r.Done.Any(d => d));
    }

    [Fact]
    public void A_state_that_does_not_replay_is_refused()
    {
        using VectorEnv<float> a = Stack().MakeVector<float>(N);
        a.RecordActions = true;
        a.Reset(Seed);
        Run(a, 0, 40);
        byte[] state = a.SaveState(out _)!;

        // Env 0's first recorded action changed (after the header: version, count, sizes, seed, episode, length):
        // the replayed observations no longer hash to the saved ones.
        byte[] changed = (byte[])state.Clone();
        const int firstAction = 5 * sizeof(int) + sizeof(long) + sizeof(int);
        BitConverter.GetBytes(1f - BitConverter.ToSingle(changed, firstAction)).CopyTo(changed, firstAction);
        using VectorEnv<float> other = Stack().MakeVector<float>(N);
        Assert.False(other.TryRestoreState(changed, out string? problem));
        Assert.Contains("replay", problem);

        // Another env count, and a damaged state.
        using VectorEnv<float> four = Stack().MakeVector<float>(4);
        Assert.False(four.TryRestoreState(state, out problem));
        Assert.Contains("3 envs", problem);
        using VectorEnv<float> same = Stack().MakeVector<float>(N);
        Assert.False(same.TryRestoreState(state[..(state.Length / 2)], out problem));
        Assert.Contains("damaged", problem);
    }

    [Fact]
    public void No_state_without_a_seed_recorded_actions_or_with_per_env_statistics()
    {
        using VectorEnv<float> unseeded = Stack().MakeVector<float>(N);
        unseeded.RecordActions = true;
        unseeded.Reset();
        Assert.Null(unseeded.SaveState(out string? why));
        Assert.Contains("without a seed", why);

        using VectorEnv<float> unrecorded = Stack().MakeVector<float>(N);
        unrecorded.Reset(Seed);
        Assert.Null(unrecorded.SaveState(out why));
        Assert.Contains("not recorded", why);

        // normalize_observation before frame_stack stays per env: its statistics are not in the state.
        using VectorEnv<float> perEnv = Stack(new(WrapperSpec.NormalizeObservation), new(WrapperSpec.FrameStack)).MakeVector<float>(N);
        perEnv.RecordActions = true;
        perEnv.Reset(Seed);
        Assert.Null(perEnv.Normalization);
        Assert.NotNull(perEnv[0].Find<NormalizeObservation>());
        Assert.Null(perEnv.SaveState(out why));
        Assert.Contains("per env", why);
    }

    [Fact]
    public void Trailing_statistics_are_one_running_mean_over_every_env()
    {
        using VectorEnv<float> venv = Stack(Statistics).MakeVector<float>(N);
        Assert.NotNull(venv.Normalization?.Observation);
        Assert.NotNull(venv.Normalization?.Reward);
        Assert.Null(venv[0].Find<NormalizeObservation>());

        // The reference: one running mean/std fed every env's raw observation, env by env.
        using VectorEnv<float> raw = Stack().MakeVector<float>(N);
        var reference = new RunningMeanStd(4);
        venv.Reset(Seed);
        raw.Reset(Seed);
        for (int i = 0; i < N; i++) reference.Update(raw.Observation(i));
        var actions = new float[N];
        for (int t = 0; t < 60; t++)
        {
            Actions(t, actions);
            venv.Step(actions);
            raw.Step(actions);
            for (int i = 0; i < N; i++) reference.Update(raw.Observation(i));
        }
        float[] stats = venv.Normalization!.ObservationStatistics()!;
        float[] expected = reference.ToArray();
        Assert.Equal(expected.Length, stats.Length);
        Assert.Equal((float)(61 * N), stats[0], 1e-3f);
        for (int k = 0; k < stats.Length; k++) Assert.Equal(expected[k], stats[k], 1e-4f);

        // Frozen (evaluation): the statistics stay as they are.
        venv.Normalization.Frozen = true;
        for (int t = 0; t < 10; t++) { Actions(t, actions); venv.Step(actions); }
        Assert.Equal(stats, venv.Normalization.ObservationStatistics());
    }
}
