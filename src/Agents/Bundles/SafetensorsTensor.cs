namespace RlLab.Agents.Bundles;

/// <summary>One named tensor as F32 values in row-major order.</summary>
public sealed record SafetensorsTensor(string Name, long[] Shape, float[] Values)
{
    public long Count => Values.LongLength;
}
