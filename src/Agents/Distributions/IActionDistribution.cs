using static TorchSharp.torch;

namespace RlLab.Agents.Distributions;

/// <summary>
/// An action distribution over a batch. Actions are float tensors [B, A]; a discrete action is one
/// column holding the index. Tensors belong to the caller's dispose scope.
/// </summary>
public interface IActionDistribution
{
    Tensor Sample(Generator generator);
    /// <summary>The deterministic action: the most likely class, or the mean.</summary>
    Tensor Mode();
    /// <summary>log π(a|s), shape [B].</summary>
    Tensor LogProb(Tensor actions);
    /// <summary>Entropy per sample, shape [B].</summary>
    Tensor Entropy();
}
