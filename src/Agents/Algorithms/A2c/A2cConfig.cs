using RlLab.Agents.Config;

namespace RlLab.Agents.Algorithms;

/// <summary>The algo section of an A2C experiment (keys and defaults: <see cref="A2cSpec"/>).</summary>
public sealed record A2cConfig(
    double Lr,
    double Gamma,
    double MaxGradNorm,
    double EntropyCoef,
    bool AnnealLr,
    double GaeLambda,
    int NumSteps,
    double ValueCoef,
    bool NormalizeAdvantages) : AlgoConfig(Lr, Gamma, MaxGradNorm, EntropyCoef, AnnealLr)
{
    public override AlgorithmSpec Algorithm => A2cSpec.Instance;
}
