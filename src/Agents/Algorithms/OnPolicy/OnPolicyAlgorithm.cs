using RlLab.Agents.Buffers;
using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Agents.Training;
using RlLab.Envs.Vector;
using TorchSharp;

namespace RlLab.Agents.Algorithms;

/// <summary>
/// The iteration of the on-policy actor-critics (SB3's OnPolicyAlgorithm): set the scheduled
/// learning rate, collect a rollout with its advantages (<see cref="OnPolicyRollout{TObs}"/>), then
/// learn from it. PPO and A2C differ only in <see cref="Learn"/> and their optimiser.
/// </summary>
public abstract class OnPolicyAlgorithm<TObs> : IAlgorithm where TObs : unmanaged
{
    readonly AlgoConfig _config;
    readonly double _gaeLambda;
    readonly ActorCritic _policy;

    protected OnPolicyAlgorithm(AlgoConfig config, int numSteps, double gaeLambda, VectorEnv<TObs> envs, ActorCritic policy, torch.Device device, torch.Generator generator)
    {
        _config = config;
        _gaeLambda = gaeLambda;
        _policy = policy;
        Collector = new OnPolicyRollout<TObs>(envs, policy, numSteps, config.Gamma, device, generator);
    }

    protected OnPolicyRollout<TObs> Collector { get; }

    /// <summary>The last rollout with its advantages and returns; read it, do not write it (diagnostics, tests).</summary>
    public RolloutBuffer<TObs> Rollout => Collector.Buffer;

    public abstract TorchSharp.Modules.OptimizerHelper Optimizer { get; }

    public IReadOnlyList<Checkpoints.CheckpointPart> Saved => Checkpoints.CheckpointPart.PolicyWith(_policy, Optimizer);

    public IterationResult Iterate(double progress, long globalStep, EpisodeLog episodes, IterationMetrics metrics)
    {
        Progress = progress;
        double lr = _config.LearningRate(progress);
        Optimizer.SetLearningRate(lr);
        return Collector.Run(globalStep, episodes, _gaeLambda) ?? Learn(lr, metrics);
    }

    /// <summary>The fraction of the budget spent at the current iteration (for schedules beside the learning rate's).</summary>
    protected double Progress { get; private set; }

    /// <summary>Learns from the collected batch at learning rate <paramref name="lr"/>, recording what it measured.</summary>
    protected abstract IterationResult Learn(double lr, IterationMetrics metrics);

    public virtual void Dispose() => Collector.Dispose();
}
