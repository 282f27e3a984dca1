namespace RlLab.Sim.Sensors;

/// <summary>
/// A camera's region of interest and the size the policy sees it at. The box is in pixels of the
/// full frame in VISTA's (i1, j1, i2, j2) order: rows [Top, Bottom), columns [Left, Right). The
/// resize is nearest-pixel: output pixel (r, c) takes the full-frame pixel whose centre is nearest
/// to the output pixel's centre, row Top + ⌊(r + ½)·RoiHeight / OutputHeight⌋ (columns alike), in
/// integer arithmetic. So drawing the ROI straight at the output size gives the same bytes as drawing
/// the full frame, cropping and resizing.
/// </summary>
public sealed record CameraRoi(int Top, int Left, int Bottom, int Right, int OutputWidth, int OutputHeight)
{
    public int RoiWidth => Right - Left;
    public int RoiHeight => Bottom - Top;

    /// <summary>The whole frame at its own size (no crop, no resize).</summary>
    public static CameraRoi Full(int width, int height) => new(0, 0, height, width, width, height);

    /// <summary>The full-frame row output row <paramref name="r"/> samples.</summary>
    public int SourceRow(int r) => Top + Nearest(r, RoiHeight, OutputHeight);

    /// <summary>The full-frame column output column <paramref name="c"/> samples.</summary>
    public int SourceColumn(int c) => Left + Nearest(c, RoiWidth, OutputWidth);

    // ⌊(i + ½)·size / outSize⌋ = ⌊(2i + 1)·size / (2·outSize)⌋, exactly.
    static int Nearest(int i, int size, int outSize) => (int)((2L * i + 1) * size / (2L * outSize));

    /// <summary>Throws when the box does not lie inside a width × height frame or the output is empty.</summary>
    public void Validate(int width, int height)
    {
        if (Top < 0 || Left < 0 || Bottom > height || Right > width || Top >= Bottom || Left >= Right)
            throw new ArgumentException($"the region of interest [{Top}, {Left}, {Bottom}, {Right}] must lie inside the {height}×{width} frame with top < bottom and left < right");
        if (OutputWidth < 1 || OutputHeight < 1)
            throw new ArgumentException("the output size must be at least 1×1");
    }
}
