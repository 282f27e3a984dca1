using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Tensors;

/// <summary>
/// Scalars that outlive every native call. TorchSharp makes a finalizable Scalar for each implicit
/// constant (the alpha of a tensor <c>+</c>, a double operand; its tensor <c>-</c> takes none) and drops
/// it once its handle is read; a garbage collection during the call can finalise it and libtorch reads
/// freed memory (docs/reliability.md). The training paths pass these static ones, or hold their own
/// with <c>using</c>.
/// </summary>
public static class HeldScalars
{
    public static readonly Scalar One = 1.0;

    /// <summary>a + b with a held alpha.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary>a + b for a Scalar b the caller holds, with a held alpha.</summary>
    public static Tensor Plus(this Tensor a, Scalar b) => a.add(b, One);

    /// <summary>a += b in place for a Scalar b the caller holds, with a held alpha.</summary>
    public static Tensor PlusInPlace(this Tensor a, Scalar b) => a.add_(b, One);
}
