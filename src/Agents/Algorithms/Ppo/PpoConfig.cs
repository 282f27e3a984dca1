using RlLab.Agents.Config;

namespace RlLab.Agents.Algorithms;

/// <summary>The algo section of a PPO experiment (keys and defaults: <see cref="PpoSpec"/>).</summary>
public sealed record PpoConfig(
    double Lr,
    double Gamma,
    double MaxGradNorm,
    double EntropyCoef,
    bool AnnealLr,
    double GaeLambda,
    int NumSteps,
    int Epochs,
    int Minibatches,
    double ClipCoef,
    double ValueCoef,
    bool ClipValueLoss,
    bool NormalizeAdvantages,
    double? TargetKl,
    double? EntropyCoefEnd = null) : AlgoConfig(Lr, Gamma, MaxGradNorm, EntropyCoef, AnnealLr)
{
    public override AlgorithmSpec Algorithm => PpoSpec.Instance;

    /// <summary>The entropy coefficient at <paramref name="progress"/>: with entropy_coef_end, linear from entropy_coef to it over the budget.</summary>
    public double EntropyCoefAt(double progress) => EntropyCoefEnd is double end ? EntropyCoef + (end - EntropyCoef) * progress : EntropyCoef;
}
