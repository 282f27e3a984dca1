using RlLab.Viz.Images;
using Silk.NET.OpenGL;

namespace RlLab.Viz.Rendering;

/// <summary>Reads the bound framebuffer back (glReadPixels) as top-row-first RGB or RGBA bytes.</summary>
public static class FrameCapture
{
    /// <summary>Reads <paramref name="width"/> × <paramref name="height"/> RGBA pixels, bottom row first, as GL has them.</summary>
    public static void ReadRgbaBottomUp(GL gl, int width, int height, Span<byte> rgba)
    {
        if (rgba.Length < width * height * 4) throw new ArgumentException("buffer too small");
        gl.PixelStore(PixelStoreParameter.PackAlignment, 1);
        gl.ReadPixels<byte>(0, 0, (uint)width, (uint)height, PixelFormat.Rgba, PixelType.UnsignedByte, rgba);
    }

    /// <summary>The frame as RGB, top row first (as images and PNG files are).</summary>
    public static byte[] ReadRgb(GL gl, int width, int height)
    {
        var rgba = new byte[width * height * 4];
        ReadRgbaBottomUp(gl, width, height, rgba);
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            int src = (height - 1 - y) * width * 4, dst = y * width * 3;
            for (int x = 0; x < width; x++)
            {
                rgb[dst + x * 3] = rgba[src + x * 4];
                rgb[dst + x * 3 + 1] = rgba[src + x * 4 + 1];
                rgb[dst + x * 3 + 2] = rgba[src + x * 4 + 2];
            }
        }
        return rgb;
    }

    /// <summary>Saves the bound framebuffer as a PNG.</summary>
    public static void SavePng(GL gl, int width, int height, string path) => Png.Write(path, ReadRgb(gl, width, height), width, height, 3);
}
