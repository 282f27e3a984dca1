using static TorchSharp.torch;

namespace RlLab.Agents.Distributions;

/// <summary>A categorical distribution from unnormalised logits [B, K].</summary>
public sealed class Categorical(Tensor logits) : IActionDistribution
{
    readonly Tensor _logProbs = logits.log_softmax(-1);

    public Tensor Sample(Generator generator) =>
        multinomial(_logProbs.exp(), 1, replacement: true, generator: generator).to(ScalarType.Float32);

    public Tensor Mode() => _logProbs.argmax(-1, keepdim: true).to(ScalarType.Float32);

    public Tensor LogProb(Tensor actions) => _logProbs.gather(-1, actions.to(ScalarType.Int64)).squeeze(-1);

    public Tensor Entropy() => -(_logProbs.exp() * _logProbs).sum(-1);
}
