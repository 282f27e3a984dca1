namespace RlLab.Envs.Spaces;

/// <summary>The element type of a Box. Images are bytes, vectors are floats.</summary>
public enum DType { Float32, UInt8 }

/// <summary>A box in R^n (or [0,255]^n for images) with per-element bounds.</summary>
public sealed record Box : Space
{
    readonly int[] _shape;

    public Box(float[] low, float[] high, int[] shape, DType dtype = DType.Float32)
    {
        _shape = shape;
        Low = low;
        High = high;
        DType = dtype;
        if (low.Length != FlatSize || high.Length != FlatSize)
            throw new ArgumentException($"bounds have {low.Length}/{high.Length} elements, shape needs {FlatSize}");
    }

    public override IReadOnlyList<int> Shape => _shape;
    public float[] Low { get; }
    public float[] High { get; }
    public DType DType { get; }

    /// <summary>The same bounds for every element.</summary>
    public static Box Uniform(float low, float high, int[] shape, DType dtype = DType.Float32)
    {
        int n = 1;
        foreach (int d in shape) n *= d;
        return new Box(Enumerable.Repeat(low, n).ToArray(), Enumerable.Repeat(high, n).ToArray(), shape, dtype);
    }

    /// <summary>An H×W×C image of bytes.</summary>
    public static Box Image(int height, int width, int channels) => Uniform(0, 255, [height, width, channels], DType.UInt8);

    public bool Contains(ReadOnlySpan<float> x)
    {
        if (x.Length != FlatSize) return false;
        for (int i = 0; i < x.Length; i++)
            if (!(x[i] >= Low[i] && x[i] <= High[i])) return false;
        return true;
    }

    /// <summary>Clamps an action into the box, in place.</summary>
    public void Clip(Span<float> x)
    {
        for (int i = 0; i < x.Length; i++) x[i] = Math.Clamp(x[i], Low[i], High[i]);
    }

    public bool Equals(Box? other) =>
        other is not null && DType == other.DType && _shape.AsSpan().SequenceEqual(other._shape)
        && Low.AsSpan().SequenceEqual(other.Low) && High.AsSpan().SequenceEqual(other.High);

    public override int GetHashCode() => HashCode.Combine(DType, _shape.Length, FlatSize);

    /// <summary>E.g. "Box(64x64x3, uint8)", for messages and `rllab envs`.</summary>
    public override string ToString() => $"Box({string.Join("x", _shape)}, {(DType == DType.UInt8 ? "uint8" : "float32")})";
}
