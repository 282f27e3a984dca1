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
        for (int i = 0; i < from.Count; i++)
        {
            to[i].mul_(1 - tau);
            to[i].add_(from[i], alpha: tau);
        }
    }

    /// <summary>The target starts as an exact copy of its source.</summary>
    public static void Copy(nn.Module source, nn.Module target)
    {
        using var _ = no_grad();
        foreach (var (s, t) in source.parameters().Zip(target.parameters())) t.copy_(s);
    }
}
