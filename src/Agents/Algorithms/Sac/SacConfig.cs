using RlLab.Agents.Config;

namespace RlLab.Agents.Algorithms;

/// <summary>The algo section of a SAC experiment (keys and SB3's defaults: <see cref="SacSpec"/>). SAC clips no gradient norm.</summary>
/// <param name="EntropyCoef">α: its initial value with <paramref name="AutoEntropy"/>, else fixed.</param>
/// <param name="TargetEntropy">The entropy the temperature steers to; null: −(action size).</param>
public sealed record SacConfig(
    double Lr,
    double Gamma,
    double EntropyCoef,
    bool AnnealLr,
    int BufferSize,
    long LearningStarts,
    int BatchSize,
    double Tau,
    int TrainFreq,
    int GradientSteps,
    int TargetUpdateInterval,
    bool AutoEntropy,
    double? TargetEntropy) : AlgoConfig(Lr, Gamma, double.PositiveInfinity, EntropyCoef, AnnealLr)
{
    public override AlgorithmSpec Algorithm => SacSpec.Instance;
}
