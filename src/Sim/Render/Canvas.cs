using RlLab.Sim.Sensors;

namespace RlLab.Sim.Render;

/// <summary>An RGB byte image (HWC, row 0 at the top) with the few drawing operations the pictures need.</summary>
public sealed class Canvas(int width, int height)
{
    public int Width { get; } = width;
    public int Height { get; } = height;
    public byte[] Pixels { get; } = new byte[width * height * 3];

    public void Set(int x, int y, Rgb c)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) return;
        int o = (y * Width + x) * 3;
        Pixels[o] = c.R;
        Pixels[o + 1] = c.G;
        Pixels[o + 2] = c.B;
    }

    /// <summary>A line of the given thickness (pixels), by stepping along its longer axis.</summary>
    public void Line(double x0, double y0, double x1, double y1, Rgb c, int thickness = 1)
    {
        int n = (int)Math.Ceiling(Math.Max(Math.Abs(x1 - x0), Math.Abs(y1 - y0))) + 1;
        for (int i = 0; i <= n; i++)
        {
            double t = (double)i / n;
            Dot(x0 + t * (x1 - x0), y0 + t * (y1 - y0), c, thickness);
        }
    }

    public void Dot(double x, double y, Rgb c, int size)
    {
        int r = size / 2;
        int cx = (int)Math.Floor(x), cy = (int)Math.Floor(y);
        for (int dy = -r; dy <= size - 1 - r; dy++)
            for (int dx = -r; dx <= size - 1 - r; dx++)
                Set(cx + dx, cy + dy, c);
    }
}
