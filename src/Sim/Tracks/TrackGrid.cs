using System.Runtime.CompilerServices;

namespace RlLab.Sim.Tracks;

/// <summary>
/// Two precomputed rasters over a track's bounding box (plus a margin), built once per track:
/// <list type="bullet">
/// <item>a coarse grid (1 m cells) holding a centreline point near each cell: the O(1) start for
/// <see cref="Track.Project"/>;</item>
/// <item>a fine grid (<see cref="Cell"/> m cells) of the signed lateral distance to the centreline,
/// quantised to sbyte in steps of <see cref="Scale"/> metres and saturated at ±127. Renderers map it
/// to colours through a 256-entry table and lidar sphere-traces it; both pay one byte load per sample.</item>
/// </list>
/// Outside the box every lookup reads as far grass (+127).
/// </summary>
public sealed class TrackGrid
{
    const double CoarseCell = 1.0;
    public const double DefaultCell = 0.25, FineCell = 0.125;
    /// <summary>Grass shown beyond the road edge before the distance saturates.</summary>
    const double SaturationMargin = 8.0;
    /// <summary>Margin around the track's bounding box (m).</summary>
    public const double Margin = 24.0;

    readonly int[] _nearest;
    readonly sbyte[] _sdf;

    internal TrackGrid(Track track, double cell = DefaultCell)
    {
        var (minX, minY, maxX, maxY) = track.Bounds;
        double margin = track.HalfWidth + Margin;
        X0 = minX - margin;
        Y0 = minY - margin;
        double spanX = maxX - minX + 2 * margin, spanY = maxY - minY + 2 * margin;

        CoarseWidth = (int)Math.Ceiling(spanX / CoarseCell);
        CoarseHeight = (int)Math.Ceiling(spanY / CoarseCell);
        _nearest = new int[CoarseWidth * CoarseHeight];
        float[] coarseDist = BuildNearest(track);

        Cell = cell;
        InvCell = 1 / cell;
        Width = (int)Math.Ceiling(spanX / cell);
        Height = (int)Math.Ceiling(spanY / cell);
        Scale = (track.HalfWidth + SaturationMargin) / 127;
        // 4 spare bytes: vector gathers load 4 bytes at the last cell's offset.
        _sdf = new sbyte[Width * Height + 4];
        BuildSignedDistance(track, coarseDist);
    }

    /// <summary>World position of the grids' lower-left corner.</summary>
    public double X0 { get; }
    public double Y0 { get; }
    public int CoarseWidth { get; }
    public int CoarseHeight { get; }

    /// <summary>Fine grid size in cells; row-major, row 0 at <see cref="Y0"/>.</summary>
    public int Width { get; }
    public int Height { get; }
    public double Cell { get; }
    public double InvCell { get; }
    /// <summary>Metres per unit of the quantised signed distance.</summary>
    public double Scale { get; }

    /// <summary>The fine signed-distance raster (Width × Height, row-major).</summary>
    public ReadOnlySpan<sbyte> SignedDistance => _sdf.AsSpan(0, Width * Height);

    /// <summary>The raster with its 4 spare trailing bytes, for vector gathers.</summary>
    internal sbyte[] PaddedSignedDistance => _sdf;

    /// <summary>A centreline point index near (x, y): a start for the exact projection.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Candidate(double x, double y)
    {
        int cx = Math.Clamp((int)Math.Floor((x - X0) * (1 / CoarseCell)), 0, CoarseWidth - 1);
        int cy = Math.Clamp((int)Math.Floor((y - Y0) * (1 / CoarseCell)), 0, CoarseHeight - 1);
        return _nearest[cy * CoarseWidth + cx];
    }

    /// <summary>The quantised signed distance at (x, y); +127 outside the grid.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Sample(double x, double y)
    {
        double fx = (x - X0) * InvCell, fy = (y - Y0) * InvCell;
        if (!(fx >= 0 && fy >= 0)) return 127;
        int ix = (int)fx, iy = (int)fy;
        if (ix >= Width || iy >= Height) return 127;
        return _sdf[iy * Width + ix];
    }

    /// <summary>The signed lateral distance at (x, y) in metres, at the grid's resolution.</summary>
    public double DistanceAt(double x, double y) => Sample(x, y) * Scale;

    float[] BuildNearest(Track track)
    {
        int w = CoarseWidth, h = CoarseHeight;
        var dist = new float[w * h];
        Array.Fill(dist, float.PositiveInfinity);
        Array.Fill(_nearest, -1);
        double[] xs = track.X.ToArray(), ys = track.Y.ToArray();
        for (int i = 0; i < track.Count; i++)
        {
            int cx = (int)((xs[i] - X0) / CoarseCell), cy = (int)((ys[i] - Y0) / CoarseCell);
            Offer(cx, cy, i);
        }
        // Two raster sweeps pass each cell's nearest point on to its neighbours (the 8SSEDT idea);
        // the climb in Track.Project corrects the small errors this leaves.
        for (int pass = 0; pass < 2; pass++)
        {
            for (int cy = 0; cy < h; cy++)
                for (int cx = 0; cx < w; cx++)
                {
                    Pull(cx, cy, cx - 1, cy); Pull(cx, cy, cx - 1, cy - 1);
                    Pull(cx, cy, cx, cy - 1); Pull(cx, cy, cx + 1, cy - 1);
                }
            for (int cy = h - 1; cy >= 0; cy--)
                for (int cx = w - 1; cx >= 0; cx--)
                {
                    Pull(cx, cy, cx + 1, cy); Pull(cx, cy, cx + 1, cy + 1);
                    Pull(cx, cy, cx, cy + 1); Pull(cx, cy, cx - 1, cy + 1);
                }
        }
        return dist;

        void Offer(int cx, int cy, int i)
        {
            int k = cy * w + cx;
            double px = X0 + (cx + 0.5) * CoarseCell - xs[i], py = Y0 + (cy + 0.5) * CoarseCell - ys[i];
            float d = (float)(px * px + py * py);
            if (d < dist[k]) { dist[k] = d; _nearest[k] = i; }
        }

        void Pull(int cx, int cy, int nx, int ny)
        {
            if ((uint)nx >= (uint)w || (uint)ny >= (uint)h) return;
            int i = _nearest[ny * w + nx];
            if (i >= 0) Offer(cx, cy, i);
        }
    }

    void BuildSignedDistance(Track track, float[] coarseDist)
    {
        // Cells whose coarse distance is well past saturation stay far grass without a projection.
        double band = track.HalfWidth + SaturationMargin + 2 * CoarseCell;
        float band2 = (float)(band * band);
        double inv = 1 / Scale;
        for (int iy = 0; iy < Height; iy++)
        {
            double y = Y0 + (iy + 0.5) * Cell;
            int cy = Math.Min(CoarseHeight - 1, (int)((y - Y0) / CoarseCell));
            for (int ix = 0; ix < Width; ix++)
            {
                double x = X0 + (ix + 0.5) * Cell;
                int cx = Math.Min(CoarseWidth - 1, (int)((x - X0) / CoarseCell));
                int ck = cy * CoarseWidth + cx;
                sbyte v = 127;
                if (coarseDist[ck] <= band2)
                {
                    TrackProjection p = track.ProjectFrom(_nearest[ck], x, y);
                    v = (sbyte)Math.Clamp(Math.Round(p.Offset * inv), -127, 127);
                }
                _sdf[iy * Width + ix] = v;
            }
        }
    }
}
