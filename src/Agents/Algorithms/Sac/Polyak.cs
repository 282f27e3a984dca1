using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Algorithms;

/// <summary>Target networks that trail their source: θ' ← τ·θ + (1 − τ)·θ', parameter by parameter, in place.</summary>
public static class Polyak
{
    public static void Update(nn.Module source, nn.Module target, double tau)
    {
        using var _ = no_grad();
        var from = source.parameters().ToList();
        var to = target.parameters().ToList();
        if (from.Count != to.Count) throw new ArgumentException("the target network does not match its source");
        // Held Scalars: TorchSharp does not keep an implicit one alive through the native call (see SacLoss).
        using Scalar keep = 1 - tau, take = tau;
        for (int i = 0; i < from.Count; i++)
        {
            to[i].mul_(keep);
            to[i].add_(from[i], alpha: take);
        }
    }

    /// <summary>The target starts as an exact copy of its source.</summary>
    public static void Copy(nn.Module source, nn.Module target)
    {
        using var _ = no_grad();
        foreach (var (s, t) in source.parameters().Zip(target.parameters())) t.copy_(s);
    }
}
