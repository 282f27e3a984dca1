namespace RlLab.Sim.Sensors;

/// <summary>An RGB colour.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>R in the low byte, then G, then B: the byte order of an RGB pixel written little-endian.</summary>
    public uint Packed => R | (uint)G << 8 | (uint)B << 16;

    public byte Luma => (byte)Math.Clamp((int)Math.Round(0.299 * R + 0.587 * G + 0.114 * B), 0, 255);

    public Rgb Scale(double f) => new(Clamp(R * f), Clamp(G * f), Clamp(B * f));

    static byte Clamp(double v) => (byte)Math.Clamp((int)Math.Round(v), 0, 255);
}

/// <summary>
/// The colours of the image observations and the table that turns a quantised signed distance
/// (see <see cref="Tracks.TrackGrid"/>) into a pixel: road, a white edge line, grass. Domain
/// randomisation draws a new palette per episode; the table is rebuilt then, never per frame.
/// </summary>
public sealed record Palette
{
    public Rgb Road { get; init; } = new(96, 96, 100);
    public Rgb Line { get; init; } = new(235, 235, 235);
    public Rgb Grass { get; init; } = new(70, 150, 60);
    public Rgb Sky { get; init; } = new(140, 190, 235);
    public Rgb Car { get; init; } = new(220, 40, 40);
    /// <summary>The other cars, parked cars and cones (traffic).</summary>
    public Rgb OtherCar { get; init; } = new(40, 90, 220);
    public Rgb ParkedCar { get; init; } = new(235, 200, 40);
    public Rgb Cone { get; init; } = new(255, 120, 0);
    /// <summary>Width of the painted edge lines, inside the road (m).</summary>
    public double LineWidth { get; init; } = 0.35;

    public static Palette Default { get; } = new();

    /// <summary>
    /// A randomised palette: colours jittered (road grey level and tint, grass hue, sky) and all
    /// scaled by a brightness factor in [1 − brightness, 1 + brightness].
    /// </summary>
    public static Palette Randomized(ref Rng rng, bool colors, double brightness)
    {
        Palette p = Default;
        if (colors)
        {
            int grey = (int)rng.Uniform(60, 150);
            p = p with
            {
                Road = new((byte)(grey + rng.Uniform(-8, 8)), (byte)(grey + rng.Uniform(-8, 8)), (byte)(grey + rng.Uniform(-8, 12))),
                Grass = new((byte)rng.Uniform(30, 130), (byte)rng.Uniform(110, 190), (byte)rng.Uniform(20, 90)),
                Sky = new((byte)rng.Uniform(110, 200), (byte)rng.Uniform(160, 220), (byte)rng.Uniform(200, 255)),
                Line = new((byte)rng.Uniform(200, 255), (byte)rng.Uniform(200, 255), (byte)rng.Uniform(170, 255)),
            };
        }
        if (brightness > 0)
        {
            double f = rng.Uniform(1 - brightness, 1 + brightness);
            p = p with { Road = p.Road.Scale(f), Grass = p.Grass.Scale(f), Sky = p.Sky.Scale(f), Line = p.Line.Scale(f), Car = p.Car.Scale(f),
                OtherCar = p.OtherCar.Scale(f), ParkedCar = p.ParkedCar.Scale(f), Cone = p.Cone.Scale(f) };
        }
        return p;
    }

    /// <summary>
    /// Fills the 256-entry table indexed by (signed distance unit + 128): packed RGB for 3 channels,
    /// the luma in the low byte for 1 channel.
    /// </summary>
    public void BuildTable(double halfWidth, double scale, int channels, Span<uint> table)
    {
        for (int v = -128; v < 128; v++)
        {
            double d = Math.Abs(v * scale);
            Rgb c = d > halfWidth ? Grass : d > halfWidth - LineWidth ? Line : Road;
            table[v + 128] = Pixel(c, channels);
        }
    }

    public static uint Pixel(Rgb c, int channels) => channels == 1 ? c.Luma : c.Packed;
}
