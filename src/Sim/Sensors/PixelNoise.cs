namespace RlLab.Sim.Sensors;

/// <summary>Uniform per-byte noise in [−amplitude, amplitude], saturating; 8 bytes per random draw.</summary>
public static class PixelNoise
{
    public static void Apply(Span<byte> image, int amplitude, ref Rng rng)
    {
        if (amplitude <= 0) return;
        int span = 2 * amplitude + 1;
        for (int i = 0; i < image.Length; i += 8)
        {
            ulong bits = rng.NextUInt64();
            int end = Math.Min(8, image.Length - i);
            for (int k = 0; k < end; k++, bits >>= 8)
            {
                int noise = (int)(((bits & 0xFF) * (ulong)span) >> 8) - amplitude;
                image[i + k] = (byte)Math.Clamp(image[i + k] + noise, 0, 255);
            }
        }
    }
}
