using RlLab.Sim.Tracks;
using RlLab.Sim.Vehicles;

namespace RlLab.Sim.Sensors;

/// <summary>
/// The CarRacing-like view: an ego-centred, heading-up raster (H×W×C bytes, row 0 at the top =
/// ahead). The car body's centre sits at column W/2, row 3H/4, so the view shows more road ahead
/// than behind. Each pixel reads the track's signed-distance grid once and maps it through the
/// palette table; pixel positions in the grid advance by two constant steps per row and per column,
/// so a frame costs a few additions and one byte load per pixel. The car is a precomputed mask.
/// </summary>
public sealed unsafe class TopDownRenderer
{
    readonly int[] _carPixels;

    public TopDownRenderer(int width, int height, int channels, double metersPerPixel, VehicleParams car)
    {
        if (channels is not (1 or 3)) throw new ArgumentException("topdown images have 1 or 3 channels");
        Width = width;
        Height = height;
        Channels = channels;
        MetersPerPixel = metersPerPixel;
        AnchorColumn = width / 2.0;
        AnchorRow = height * 0.75;
        var pixels = new List<int>();
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
            {
                double forward = (AnchorRow - (r + 0.5)) * metersPerPixel, left = (AnchorColumn - (c + 0.5)) * metersPerPixel;
                if (Math.Abs(forward) <= car.Length / 2 && Math.Abs(left) <= car.Width / 2) pixels.Add(r * width + c);
            }
        _carPixels = [.. pixels];
    }

    public int Width { get; }
    public int Height { get; }
    public int Channels { get; }
    public double MetersPerPixel { get; }
    /// <summary>Where the car body's centre is drawn, in pixels from the top-left corner.</summary>
    public double AnchorColumn { get; }
    public double AnchorRow { get; }

    /// <param name="table">The palette table from <see cref="Palette.BuildTable"/>.</param>
    public void Render(Track track, in CarState car, VehicleParams carParams, ReadOnlySpan<uint> table, uint carPixel, Span<byte> image)
    {
        if (image.Length < Width * Height * Channels) throw new ArgumentException("image buffer too small");
        TrackGrid grid = track.Grid;
        var (cx, cy) = car.Centre(carParams);
        double cos = Math.Cos(car.Heading), sin = Math.Sin(car.Heading);
        double inv = grid.InvCell, m = MetersPerPixel;
        // World position of pixel (r, c) = centre + forward·(cos, sin) + left·(−sin, cos),
        // forward = (AnchorRow − r − ½)·m, left = (AnchorColumn − c − ½)·m. In grid cells:
        double f0 = (AnchorRow - 0.5) * m, l0 = (AnchorColumn - 0.5) * m;
        double gx0 = (cx + f0 * cos - l0 * sin - grid.X0) * inv;
        double gy0 = (cy + f0 * sin + l0 * cos - grid.Y0) * inv;
        float rowX = (float)(-m * cos * inv), rowY = (float)(-m * sin * inv);
        float colX = (float)(m * sin * inv), colY = (float)(-m * cos * inv);
        RenderGround(grid, table, image, gx0, gy0, rowX, rowY, colX, colY);

        foreach (int p in _carPixels) WritePixel(image, p, carPixel);
    }

    /// <summary>Draws the other cars and obstacles over a frame from <see cref="Render"/> (pixels whose centre lies in a box).</summary>
    public void DrawObjects(in CarState car, VehicleParams carParams, Traffic.Traffic traffic, ObjectColours colours, Span<byte> image)
    {
        var (cx, cy) = car.Centre(carParams);
        double cos = Math.Cos(car.Heading), sin = Math.Sin(car.Heading), m = MetersPerPixel;
        ReadOnlySpan<Traffic.OrientedBox> boxes = traffic.Boxes;
        ReadOnlySpan<Traffic.RoadObject> objects = traffic.Objects;
        for (int i = 0; i < boxes.Length; i++)
        {
            ref readonly Traffic.OrientedBox box = ref boxes[i];
            double dx = box.X - cx, dy = box.Y - cy;
            double col = AnchorColumn - (-dx * sin + dy * cos) / m, row = AnchorRow - (dx * cos + dy * sin) / m, reach = box.Radius / m + 1;
            int r0 = Math.Max(0, (int)Math.Floor(row - reach)), r1 = Math.Min(Height - 1, (int)Math.Ceiling(row + reach));
            int c0 = Math.Max(0, (int)Math.Floor(col - reach)), c1 = Math.Min(Width - 1, (int)Math.Ceiling(col + reach));
            if (r0 > r1 || c0 > c1) continue;
            uint colour = colours.Of(objects[i].Kind);
            for (int r = r0; r <= r1; r++)
            {
                double forward = (AnchorRow - (r + 0.5)) * m;
                for (int c = c0; c <= c1; c++)
                {
                    double left = (AnchorColumn - (c + 0.5)) * m;
                    if (box.Contains(cx + forward * cos - left * sin, cy + forward * sin + left * cos)) WritePixel(image, r * Width + c, colour);
                }
            }
        }
    }

    void RenderGround(TrackGrid grid, ReadOnlySpan<uint> table, Span<byte> image, double gx0, double gy0, float rowX, float rowY, float colX, float colY)
    {
        int rowBytes = Width * Channels;
        fixed (sbyte* sdf = grid.PaddedSignedDistance)
        fixed (uint* lut = table)
        fixed (byte* dst = image)
        {
            byte* end = dst + Height * rowBytes;
            for (int r = 0; r < Height; r++)
                GroundSampler.Row(grid, sdf, lut, (float)(gx0 + r * (double)rowX), (float)(gy0 + r * (double)rowY), colX, colY, Width, Channels, dst + r * rowBytes, end);
        }
    }

    void WritePixel(Span<byte> image, int pixel, uint colour)
    {
        int o = pixel * Channels;
        image[o] = (byte)colour;
        if (Channels == 3)
        {
            image[o + 1] = (byte)(colour >> 8);
            image[o + 2] = (byte)(colour >> 16);
        }
    }
}
