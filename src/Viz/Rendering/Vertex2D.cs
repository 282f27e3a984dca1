using System.Numerics;
using System.Runtime.InteropServices;

namespace RlLab.Viz.Rendering;

/// <summary>One vertex of the 2D renderer: position, texture coordinate and colour (20 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct Vertex2D(Vector2 Position, Vector2 Uv, Rgba Color)
{
    public const int SizeInBytes = 20;
}
