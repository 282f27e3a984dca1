using RlLab.Agents.Config;

namespace RlLab.Agents.Algorithms;

/// <summary>The algo section of a REINFORCE experiment (keys and defaults: <see cref="ReinforceSpec"/>).</summary>
public sealed record ReinforceConfig(
    double Lr,
    double Gamma,
    double MaxGradNorm,
    double EntropyCoef,
    bool AnnealLr,
    bool NormalizeReturns,
    int MaxBatch,                // learn from a random subset of at most this many steps (MIT: 300); 0 = all
    bool BootstrapTruncated,     // a time-limited episode continues at its last reward rate, r/(1 − γ)
    bool ResetReturnOnReward) : AlgoConfig(Lr, Gamma, MaxGradNorm, EntropyCoef, AnnealLr) // Pong (MIT lab): a nonzero reward ends a point
{
    public override AlgorithmSpec Algorithm => ReinforceSpec.Instance;
}
