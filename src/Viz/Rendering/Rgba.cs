using System.Runtime.InteropServices;

namespace RlLab.Viz.Rendering;

/// <summary>A colour as four bytes, laid out as GL reads a normalised ubyte4 vertex attribute.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct Rgba(byte R, byte G, byte B, byte A = 255)
{
    public Rgba WithAlpha(byte a) => this with { A = a };

    /// <summary>Linear blend, t = 0 gives this colour, t = 1 gives <paramref name="other"/>.</summary>
    public Rgba Lerp(Rgba other, float t) => new(
        (byte)(R + (other.R - R) * t), (byte)(G + (other.G - G) * t), (byte)(B + (other.B - B) * t), (byte)(A + (other.A - A) * t));

    public static Rgba Hex(uint rgb) => new((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb);

    public static readonly Rgba White = new(255, 255, 255), Black = new(0, 0, 0);
}
