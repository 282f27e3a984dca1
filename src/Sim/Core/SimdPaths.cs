namespace RlLab.Sim;

/// <summary>Whether the renderers and lidar take their AVX2 paths. Tests turn it off to compare with the scalar loops.</summary>
static class SimdPaths
{
    internal static bool Enabled { get; set; } = true;

    internal static bool Avx2 => Enabled && System.Runtime.Intrinsics.X86.Avx2.IsSupported;
}
