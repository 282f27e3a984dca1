using System.Globalization;
using System.Text;
using RlLab.Leaderboard.Races;

namespace RlLab.Leaderboard.Web;

/// <summary>Inline SVG pictures (no script, so the CSP stays strict): a practice track with the agent's path, and a score history.</summary>
public static class Svg
{
    static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>The track as a grey band and the car's path in yellow, fitted to <paramref name="size"/> px, north up.</summary>
    public static RawHtml TrackPath(Replay replay, string title, int size = 240)
    {
        if (replay.Track.Count < 2) return new RawHtml("");
        double minX = replay.Track.Min(p => p[0]), maxX = replay.Track.Max(p => p[0]);
        double minY = replay.Track.Min(p => p[1]), maxY = replay.Track.Max(p => p[1]);
        double pad = replay.Width * 2, span = Math.Max(maxX - minX, maxY - minY) + 2 * pad;
        double scale = size / Math.Max(span, 1e-9);
        string Points(IEnumerable<double[]> points, int step)
        {
            var sb = new StringBuilder();
            int i = 0;
            foreach (double[] p in points)
                if (i++ % step == 0) sb.Append(N((p[0] - minX + pad) * scale)).Append(',').Append(N(size - (p[1] - minY + pad) * scale)).Append(' ');
            return sb.ToString().TrimEnd();
        }
        int stride = Math.Max(1, replay.Poses.Count / 600);
        return Html.Of($"""
            <figure class="path"><svg viewBox="0 0 {size} {size}" width="{size}" height="{size}" role="img" aria-label="{title}">
            <rect width="{size}" height="{size}" fill="#2d6b2d"/>
            <polygon points="{Points(replay.Track, 1)}" fill="none" stroke="#666" stroke-width="{N(Math.Max(2, replay.Width * scale))}" stroke-linejoin="round"/>
            <polyline points="{Points(replay.Poses, stride)}" fill="none" stroke="#ffd400" stroke-width="1.5"/>
            </svg><figcaption>{title}</figcaption></figure>
            """);
    }

    /// <summary>A line chart of scores over time (one point a scored submission).</summary>
    public static RawHtml History(IReadOnlyList<(long Created, double Score)> points, string label, int width = 320, int height = 120)
    {
        if (points.Count == 0) return new RawHtml("");
        long t0 = points[0].Created, t1 = Math.Max(points[^1].Created, t0 + 1);
        double lo = points.Min(p => p.Score), hi = points.Max(p => p.Score);
        if (hi - lo < 1e-12) { lo -= 1; hi += 1; }
        const int m = 6;
        string pts = string.Join(' ', points.Select(p =>
            $"{N(m + (p.Created - t0) * (width - 2.0 * m) / (t1 - t0))},{N(height - m - (p.Score - lo) * (height - 2.0 * m) / (hi - lo))}"));
        var dots = points.Select(p => Html.Of($"<circle cx=\"{N(m + (p.Created - t0) * (width - 2.0 * m) / (t1 - t0))}\" cy=\"{N(height - m - (p.Score - lo) * (height - 2.0 * m) / (hi - lo))}\" r=\"3\" fill=\"#06c\"/>"));
        return Html.Of($"""
            <svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{label}">
            <rect width="{width}" height="{height}" fill="#f7f7f7"/><polyline points="{pts}" fill="none" stroke="#06c" stroke-width="2"/>{Html.Join(dots)}
            </svg>
            """);
    }
}
