using RlLab.Sim.Sensors;
using RlLab.Sim.Tracks;

namespace RlLab.Sim.Render;

/// <summary>
/// A map of a whole track for docs and `rllab sim render`: grass, road with white edges, a dashed
/// yellow centreline, a chequered start/finish line and an arrow for the driving direction.
/// North (+y) is up.
/// </summary>
public static class TrackOverview
{
    static readonly Rgb Centre = new(240, 200, 40), Black = new(20, 20, 20), White = new(250, 250, 250), Arrow = new(220, 40, 40);

    public static Canvas Draw(Track track, int maxSize = 800, Palette? palette = null)
    {
        palette ??= Palette.Default;
        var (minX, minY, maxX, maxY) = track.Bounds;
        double pad = track.HalfWidth + 6;
        double spanX = maxX - minX + 2 * pad, spanY = maxY - minY + 2 * pad;
        double mpp = Math.Max(spanX, spanY) / maxSize;      // metres per pixel
        int w = Math.Max(16, (int)Math.Ceiling(spanX / mpp)), h = Math.Max(16, (int)Math.Ceiling(spanY / mpp));
        var canvas = new Canvas(w, h);
        double x0 = minX - pad, y1 = maxY + pad;
        double halfW = track.HalfWidth, line = Math.Max(palette.LineWidth, 0.8 * mpp), centre = Math.Max(0.15, 0.6 * mpp);
        TrackGrid grid = track.Grid;
        for (int py = 0; py < h; py++)
            for (int px = 0; px < w; px++)
            {
                double x = x0 + (px + 0.5) * mpp, y = y1 - (py + 0.5) * mpp;
                double d = Math.Abs(grid.DistanceAt(x, y));
                Rgb c = palette.Grass;
                if (d <= halfW + mpp)
                {
                    // Exact projection only near the road, for clean edges, the dashes and the start line.
                    TrackProjection p = track.Project(x, y);
                    d = Math.Abs(p.Offset);
                    if (d > halfW) c = palette.Grass;
                    else if (d > halfW - line) c = palette.Line;
                    else if (d < centre && (int)(p.S / 3) % 2 == 0) c = Centre;
                    else c = palette.Road;
                    double fromStart = Math.Min(p.S, track.Length - p.S);
                    if (d <= halfW && fromStart < 1.5)
                    {
                        int checker = ((int)Math.Floor(p.Offset / 0.75) + (p.S < track.Length / 2 ? 0 : 1)) & 1;
                        c = checker == 0 ? White : Black;
                    }
                }
                canvas.Set(px, py, c);
            }
        // Direction arrow a few metres after the start, along the centreline.
        var (ax, ay, ah) = track.PoseAt(Math.Min(12, track.Length / 4));
        double size = Math.Max(2.5, 6 * mpp) * 1.5;
        (double X, double Y) ToPx(double x, double y) => ((x - x0) / mpp, (y1 - y) / mpp);
        var tip = ToPx(ax + Math.Cos(ah) * size, ay + Math.Sin(ah) * size);
        var left = ToPx(ax + Math.Cos(ah + 2.5) * size, ay + Math.Sin(ah + 2.5) * size);
        var right = ToPx(ax + Math.Cos(ah - 2.5) * size, ay + Math.Sin(ah - 2.5) * size);
        int thick = Math.Max(2, (int)(0.6 / mpp));
        canvas.Line(tip.X, tip.Y, left.X, left.Y, Arrow, thick);
        canvas.Line(tip.X, tip.Y, right.X, right.Y, Arrow, thick);
        return canvas;
    }
}
