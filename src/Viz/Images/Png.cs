using RlLab.Sim;
using StbImageWriteSharp;

namespace RlLab.Viz.Images;

/// <summary>Writes byte images (HWC, 1, 3 or 4 channels, top row first) to PNG.</summary>
public static class Png
{
    public static void Write(string path, ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        if (pixels.Length != width * height * channels)
            throw new ArgumentException($"expected {width * height * channels} bytes for {width}x{height}x{channels}, got {pixels.Length}");
        ColorComponents components = channels switch
        {
            1 => ColorComponents.Grey,
            3 => ColorComponents.RedGreenBlue,
            4 => ColorComponents.RedGreenBlueAlpha,
            _ => throw new ArgumentException($"{channels} channels: PNG needs 1, 3 or 4"),
        };
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        byte[] copy = pixels.ToArray();
        AtomicFile.Write(path, stream => new ImageWriter().WritePng(copy, width, height, components, stream));
    }

    /// <summary>Upscales by an integer factor with nearest neighbour, so small observations stay crisp.</summary>
    public static byte[] Upscale(ReadOnlySpan<byte> pixels, int width, int height, int channels, int factor)
    {
        var output = new byte[width * factor * height * factor * channels];
        int outWidth = width * factor;
        for (int y = 0; y < height * factor; y++)
            for (int x = 0; x < outWidth; x++)
                pixels.Slice(((y / factor) * width + x / factor) * channels, channels)
                      .CopyTo(output.AsSpan((y * outWidth + x) * channels, channels));
        return output;
    }
}
