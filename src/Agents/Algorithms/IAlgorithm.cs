using RlLab.Agents.Training;

namespace RlLab.Agents.Algorithms;

/// <summary>What one iteration tells the loop; the numbers it measured go to <see cref="IterationMetrics"/> by name.</summary>
/// <param name="Steps">Env steps taken (over all envs).</param>
/// <param name="ObservationsFinite">False when an observation the iteration saw was NaN or infinite (the guard stops the run).</param>
/// <param name="RewardsFinite">False when the env returned a NaN or infinite reward (the guard stops the run, naming the env, before any loss).</param>
public sealed record IterationResult(long Steps, bool ObservationsFinite = true, bool RewardsFinite = true);

/// <summary>A learner: each call collects experience from the envs and learns from it (on-policy: the whole rollout once; off-policy: gradient steps on replayed samples).</summary>
public interface IAlgorithm : IDisposable
{
    /// <summary>
    /// What its checkpoint holds, by name (SB3's <c>_get_torch_save_params</c>): the policy under
    /// <see cref="AlgorithmSpec.ActingPart"/>, then any other networks, the optimisers and other state
    /// (a replay buffer). Resume loads them all; eval, watch and bundles only the acting part.
    /// </summary>
    IReadOnlyList<Checkpoints.CheckpointPart> Saved { get; }

    /// <param name="progress">Fraction of the training budget used so far, in [0, 1] (for LR annealing).</param>
    /// <param name="episodes">Receives every finished episode.</param>
    /// <param name="metrics">Receives what the iteration measured, by name (progress.csv and TensorBoard), and the quantities the guard checks.</param>
    IterationResult Iterate(double progress, long globalStep, EpisodeLog episodes, IterationMetrics metrics);
}
