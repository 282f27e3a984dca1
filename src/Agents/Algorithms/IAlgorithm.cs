using RlLab.Agents.Training;
using TorchSharp;

namespace RlLab.Agents.Algorithms;

/// <summary>What one iteration (collect, then learn) reports for progress.csv.</summary>
public sealed record IterationStats(
    long Steps,
    double PolicyLoss,
    double ValueLoss,
    double Entropy,
    double ApproxKl,
    double ClipFraction,
    double LearningRate)
{
    /// <summary>Epochs over the batch that ran (PPO: fewer than configured when target_kl stopped them); 0 otherwise.</summary>
    public int Epochs { get; init; }
    /// <summary>Minibatch gradient steps taken; 0 where the algorithm does not count them.</summary>
    public int Updates { get; init; }
    /// <summary>The largest gradient norm (before clipping) of the iteration's updates.</summary>
    public double GradNorm { get; init; } = double.NaN;
    /// <summary>1 − Var(returns − values) / Var(returns) over the batch (SB3, CleanRL); NaN without a critic.</summary>
    public double ExplainedVariance { get; init; } = double.NaN;
    /// <summary>False when an observation the iteration learned from was NaN or infinite.</summary>
    public bool ObservationsFinite { get; init; } = true;
}

/// <summary>An on-policy algorithm: each call collects experience from the envs and learns from it once.</summary>
public interface IAlgorithm : IDisposable
{
    TorchSharp.Modules.OptimizerHelper Optimizer { get; }

    /// <param name="progress">Fraction of the training budget used so far, in [0, 1] (for LR annealing).</param>
    /// <param name="episodes">Receives every finished episode.</param>
    IterationStats Iterate(double progress, long globalStep, EpisodeLog episodes);
}
