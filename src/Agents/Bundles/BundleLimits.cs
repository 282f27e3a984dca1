namespace RlLab.Agents.Bundles;

/// <summary>What a reader accepts at most; everything is checked before anything of that size is allocated.</summary>
/// <param name="MaxHeaderBytes">The JSON header's length in bytes.</param>
/// <param name="MaxParameters">Scalars over all tensors, and the parameters the declared architecture needs.</param>
/// <param name="MaxTensors">Entries in the header, <c>__metadata__</c> excluded.</param>
public sealed record BundleLimits(long MaxHeaderBytes = 100_000, long MaxParameters = 20_000_000, int MaxTensors = 256)
{
    public static BundleLimits Default { get; } = new();
}
