using RlLab.Envs.Classic;
using RlLab.Envs.Registry;
using RlLab.Envs.Spaces;
using RlLab.Envs.Tests.Fakes;
using RlLab.Envs.Vector;
using RlLab.Envs.Wrappers;

namespace RlLab.Envs.Tests.Registry;

public class EnvStackTests
{
    static EnvOptions Options(params (string Key, object? Value)[] values) =>
        new(values.ToDictionary(v => v.Key, v => v.Value));

    static EnvRegistry TestRegistry()
    {
        var r = new EnvRegistry();
        r.Register(new EnvSpec("Pattern", "a byte image env", o => new PatternImageEnv(o.GetInt("size", 2), 3, 1)));
        r.Register(new EnvSpec("Counting", "a float env with a Box action", _ => new CountingEnv(2), 10));
        return r;
    }

    [Fact]
    public void Registry_rejects_unknown_ids_and_options()
    {
        Assert.Throws<KeyNotFoundException>(() => EnvRegistry.Default.Make("NoSuchEnv"));
        var e = Assert.Throws<EnvOptionException>(() => EnvRegistry.Default.Make("CartPole", Options(("gravity", "3"))));
        Assert.Equal("gravity", e.Key);
        Assert.Contains("gravity", e.Message);
        Assert.Throws<ArgumentException>(() => EnvRegistry.Default.Register(new EnvSpec("cartpole", "dup", o => new CartPole(o))));
        Assert.Throws<KeyNotFoundException>(() => new EnvStack("NoSuchEnv").Make());
    }

    [Fact]
    public void Option_getters_name_the_bad_key()
    {
        var o = Options(("n", "abc"), ("x", "2.5"), ("mode", "fast"));
        Assert.Equal("n", Assert.Throws<EnvOptionException>(() => o.GetInt("n", 1)).Key);
        Assert.Equal("x", Assert.Throws<EnvOptionException>(() => o.GetDouble("x", 1, max: 2)).Key);
        Assert.Equal("mode", Assert.Throws<EnvOptionException>(() => o.GetChoice("mode", "slow", "slow", "exact")).Key);
        Assert.Equal(["mode", "n", "x"], Options(("n", "1"), ("x", "1"), ("mode", "1")).UnusedKeys.Order());
    }

    [Fact]
    public void Default_stack_is_time_limit_then_episode_statistics()
    {
        using IEnv env = new EnvStack("CartPole").Make();
        var stats = Assert.IsType<EpisodeStatistics<float>>(env);
        Assert.Equal(500, env.Find<TimeLimit<float>>()!.MaxSteps);
        Assert.IsType<CartPole>(stats.Unwrapped);
    }

    [Fact]
    public void User_wrappers_go_on_top_in_order()
    {
        WrapperSpec[] wrappers =
        [
            new(WrapperSpec.NormalizeObservation, Options(("clip", "5"))),
            new(WrapperSpec.ScaleReward, Options(("gamma", "0.9"))),
            new(WrapperSpec.FrameStack, Options(("k", 3))),
        ];
        using IEnv env = new EnvStack("CartPole", wrappers: wrappers).Make();
        var top = Assert.IsType<FrameStack<float>>(env);
        Assert.Equal(3, top.K);
        Assert.Equal([12], env.ObservationSpace.Shape);
        Assert.Equal(0.9, env.Find<ScaleReward<float>>()!.Gamma);
        Assert.Equal(5, env.Find<NormalizeObservation>()!.Clip);
        Assert.NotNull(env.Find<EpisodeStatistics<float>>());
    }

    [Fact]
    public void Episode_returns_stay_raw_under_reward_scaling()
    {
        using IEnv<float> env = new EnvStack("CartPole", wrappers: [new(WrapperSpec.ScaleReward)]).Make<float>();
        var obs = new float[4];
        env.Reset(obs, 0);
        StepResult r;
        int steps = 0;
        do { r = env.Step([1f], obs); steps++; } while (!r.Done);
        Assert.NotEqual(1f, r.Reward);
        EpisodeInfo info = EpisodeInfo.Empty;
        env.FillEpisodeInfo(ref info);
        Assert.Equal(steps, info.Return);
    }

    [Fact]
    public void Max_steps_comes_from_the_env_option_or_a_time_limit_wrapper()
    {
        Assert.Equal(50, new EnvStack("CartPole", Options(("max_steps", 50))).Make().Find<TimeLimit<float>>()!.MaxSteps);
        Assert.Equal(20, new EnvStack("CartPole", wrappers: [new(WrapperSpec.TimeLimit, Options(("max_steps", "20")))]).Make().Find<TimeLimit<float>>()!.MaxSteps);
        Assert.Null(new EnvStack("CartPole", Options(("max_steps", 0))).Make().Find<TimeLimit<float>>());
        // An env without a default limit gets none unless asked.
        Assert.Null(new EnvStack("Pattern", registry: TestRegistry()).Make().Find<TimeLimit<byte>>());
        var e = Assert.Throws<EnvOptionException>(() => new EnvStack("Pattern", wrappers: [new(WrapperSpec.TimeLimit)], registry: TestRegistry()).Make());
        Assert.Equal(WrapperSpec.TimeLimit, e.Key);
        Assert.Equal(7, new EnvStack("Pattern", wrappers: [new(WrapperSpec.TimeLimit, Options(("max_steps", 7)))], registry: TestRegistry()).Make().Find<TimeLimit<byte>>()!.MaxSteps);
        // There max_steps belongs to the env (Driving reads it itself); this one does not know it.
        Assert.Equal("max_steps", Assert.Throws<EnvOptionException>(() => new EnvStack("Pattern", Options(("max_steps", 7)), registry: TestRegistry()).Make()).Key);
    }

    [Theory]
    [InlineData("frame_stack", "k", "0", "k")]
    [InlineData("frame_stack", "stack", "4", "stack")]
    [InlineData("frame_stack", "padding", "edge", "padding")]
    [InlineData("scale_reward", "gamma", "1.5", "gamma")]
    [InlineData("normalize_observation", "clip", "0", "clip")]
    [InlineData("normalize_observation", "clip", "big", "clip")]
    [InlineData("time_limit", "max_steps", "0", "max_steps")]
    [InlineData("time_limit", "steps", "10", "steps")]
    [InlineData("clip_action", "low", "-1", "clip_action")]     // needs a Box action space (CartPole's is Discrete)
    [InlineData("normalise_observation", "clip", "5", "normalise_observation")]
    public void Bad_wrapper_specs_name_the_key(string wrapper, string key, string value, string expectedKey)
    {
        var stack = new EnvStack("CartPole", wrappers: [new(wrapper, Options((key, value)))]);
        var e = Assert.Throws<EnvOptionException>(() => stack.Make());
        Assert.Equal(expectedKey, e.Key);
    }

    [Fact]
    public void Unknown_env_options_are_rejected_through_the_stack()
    {
        var e = Assert.Throws<EnvOptionException>(() => new EnvStack("CartPole", Options(("max_step", 5))).Make());
        Assert.Equal("max_step", e.Key);
    }

    [Fact]
    public void Image_envs_make_byte_vector_envs()
    {
        var stack = new EnvStack("Pattern", Options(("size", 4)), [new(WrapperSpec.FrameStack, Options(("k", 2)))], TestRegistry());
        using IVectorEnv venv = stack.MakeVector(3, 2);
        Assert.Equal(DType.UInt8, venv.ObservationType);
        var typed = Assert.IsType<VectorEnv<byte>>(venv);
        Assert.Equal([4, 3, 2], typed.SingleObservationSpace.Shape);
        typed.Reset(0);
        typed.Step(new float[3]);
        Assert.Equal(PatternImageEnv.Pixel(1, 0, 0, 0), typed.Observation(2)[1]);
        Assert.Throws<InvalidOperationException>(() => stack.MakeVector<float>(2));
        Assert.Equal(WrapperSpec.NormalizeObservation, Assert.Throws<EnvOptionException>(() =>
            new EnvStack("Pattern", wrappers: [new(WrapperSpec.NormalizeObservation)], registry: TestRegistry()).Make()).Key);
    }

    [Fact]
    public void Clip_action_wraps_box_action_envs()
    {
        using IEnv env = new EnvStack("Counting", wrappers: [new(WrapperSpec.ClipAction)], registry: TestRegistry()).Make();
        Assert.IsType<ClipAction<float>>(env);
        Assert.Equal(10, env.Find<TimeLimit<float>>()!.MaxSteps);
    }

    [Fact]
    public void The_stack_clips_box_actions_once_and_keeps_the_envs_bounds()
    {
        using IEnv env = new EnvStack("Counting", registry: TestRegistry()).Make();
        var clip = Assert.IsType<ClipAction<float>>(env);
        Assert.Equal(Box.Uniform(-1, 1, [2]), clip.ActionSpace);
        var obs = new float[2];
        clip.Reset(obs, 0);
        clip.Step([5f, -0.5f], obs);
        Assert.Equal([1f, -0.5f], env.Find<CountingEnv>()!.LastAction);
        // Also in a vector env (training), and not for a Discrete-action env.
        using IVectorEnv venv = new EnvStack("Counting", registry: TestRegistry()).MakeVector(2);
        var typed = Assert.IsType<VectorEnv<float>>(venv);
        Assert.Equal(Box.Uniform(-1, 1, [2]), typed.SingleActionSpace);
        using IEnv cartPole = new EnvStack("CartPole").Make();
        Assert.Null(cartPole.Find<ClipAction<float>>());
    }
}
