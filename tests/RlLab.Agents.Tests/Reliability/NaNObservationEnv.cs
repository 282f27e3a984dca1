using RlLab.Envs;
using RlLab.Envs.Classic;
using RlLab.Envs.Registry;
using RlLab.Envs.Wrappers;

namespace RlLab.Agents.Tests.Reliability;

/// <summary>CartPole whose observations (or, as <see cref="RewardId"/>, rewards) turn NaN after a fixed number of steps (an env bug, injected).</summary>
sealed class NaNObservationEnv(IEnv<float> inner, int goodSteps, bool inReward = false) : Wrapper<float>(inner)
{
    public const string Id = "TestNaNAfter";
    public const string RewardId = "TestNaNRewardAfter";
    int _steps;

    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        StepResult r = Inner.Step(action, observation);
        if (++_steps <= goodSteps) return r;
        if (inReward) return r with { Reward = float.NaN };
        observation[0] = float.NaN;
        return r;
    }

    static readonly Lazy<bool> Registered = new(() =>
    {
        EnvRegistry.Default.Register(new EnvSpec(Id, "test only: CartPole, NaN observations after good_steps",
            o => new NaNObservationEnv(new CartPole(o), 150), CartPole.MaxEpisodeSteps));
        EnvRegistry.Default.Register(new EnvSpec(RewardId, "test only: CartPole, NaN rewards after good_steps",
            o => new NaNObservationEnv(new CartPole(o), 150, inReward: true), CartPole.MaxEpisodeSteps));
        return true;
    });

    /// <summary>Registers the env once per test process.</summary>
    public static void Register() => _ = Registered.Value;
}
