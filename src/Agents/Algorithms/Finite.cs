using System.Runtime.InteropServices;

namespace RlLab.Agents.Algorithms;

/// <summary>Checks observations on the CPU before they reach torch; byte images are always finite.</summary>
static class Finite
{
    public static bool All<TObs>(ReadOnlySpan<TObs> values) where TObs : unmanaged
    {
        if (typeof(TObs) != typeof(float)) return true;
        foreach (float v in MemoryMarshal.Cast<TObs, float>(values))
            if (!float.IsFinite(v)) return false;
        return true;
    }
}
