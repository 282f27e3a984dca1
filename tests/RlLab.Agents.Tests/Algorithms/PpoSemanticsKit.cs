using RlLab.Agents.Algorithms;
using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Agents.Training;
using RlLab.Envs;
using RlLab.Envs.Spaces;
using RlLab.Envs.Vector;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Tests.Algorithms;

/// <summary>
/// A deterministic episode of fixed length: reward <c>reward</c> every step, observation [steps since
/// reset] (or [0] when blind), ended at step <c>length</c> by a time limit (truncated) or by reaching a
/// terminal state. The two actions do nothing, so the returns do not depend on the policy.
/// </summary>
sealed class CountingEnv(int length, bool truncate, float reward = 1, bool blind = false) : IEnv<float>
{
    int _t;

    public Space ObservationSpace { get; } = Box.Uniform(0, 1000, [1]);
    public Space ActionSpace { get; } = new Discrete(2);

    public void Reset(Span<float> observation, int? seed = null)
    {
        _t = 0;
        observation[0] = 0;
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        _t++;
        observation[0] = blind ? 0 : _t;
        bool end = _t == length;
        return new StepResult(reward, Terminated: end && !truncate, Truncated: end && truncate);
    }
}

/// <summary>A PPO learner on CPU over the given envs, with a policy with no hidden layer: V(s) = w·s + b exactly.</summary>
sealed class PpoRig : IDisposable
{
    public PpoRig(Func<PpoConfig, PpoConfig> algo, params IEnv<float>[] envs)
    {
        ExperimentConfig c = ConfigLoader.Parse("""
            name: ppo-semantics
            seed: 5
            env: {id: CartPole}
            algo: {name: ppo}
            """, "ppo-semantics.yaml");
        Config = algo((PpoConfig)c.Algo with { AnnealLr = false });
        Envs = new VectorEnv<float>(envs);
        Envs.Reset(0);
        Policy = new ActorCritic(c.Policy with { Hidden = [] }, Envs.SingleObservationSpace, Envs.SingleActionSpace, withCritic: true, seed: 5);
        Generator = new Generator(5, CPU);
        Ppo = new Ppo<float>(Config, Envs, Policy, CPU, Generator);
    }

    public PpoConfig Config { get; }
    public VectorEnv<float> Envs { get; }
    public ActorCritic Policy { get; }
    public Generator Generator { get; }
    public Ppo<float> Ppo { get; }

    /// <summary>One iteration at progress 0; what it recorded.</summary>
    public IterationMetrics Iterate()
    {
        var metrics = new IterationMetrics();
        Ppo.Iterate(0, 0, new EpisodeLog(), metrics);
        return metrics;
    }

    /// <summary>Sets the critic to V(s) = weight·s[0] + bias (the observation has one element).</summary>
    public void SetCritic(float weight, float bias)
    {
        using var _ = no_grad();
        Parameter("critic.out.weight").fill_(weight);
        Parameter("critic.out.bias").fill_(bias);
    }

    /// <summary>The critic's bias: V of the blind env's observation [0].</summary>
    public double CriticBias() => Parameter("critic.out.bias").item<float>();

    Tensor Parameter(string name) => Policy.named_parameters().Single(p => p.name == name).parameter;

    public void Dispose()
    {
        Ppo.Dispose();
        Policy.Dispose();
        Generator.Dispose();
        Envs.Dispose();
    }
}
