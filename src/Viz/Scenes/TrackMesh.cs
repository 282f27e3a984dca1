using System.Numerics;
using RlLab.Sim.Tracks;
using RlLab.Viz.Rendering;

namespace RlLab.Viz.Scenes;

/// <summary>
/// The triangles of a track, built once per track: kerbs in the corners, the asphalt, white edge
/// lines, a dashed centreline and a chequered start line at point 0.
/// </summary>
public static class TrackMesh
{
    public const float KerbWidth = 0.7f, EdgeLineWidth = 0.25f;
    /// <summary>Corners tighter than this radius (1/curvature, m) get kerbs.</summary>
    const double KerbCurvature = 1.0 / 60;

    public static void Build(Geometry g, Track track)
    {
        int n = track.Count;
        float half = (float)track.HalfWidth;
        Vector2 P(int i) => new((float)track.X[i], (float)track.Y[i]);
        Vector2 N(int i) => new(-MathF.Sin((float)track.Headings[i]), MathF.Cos((float)track.Headings[i]));

        // Kerbs first, so the asphalt covers their inner edge; the stripes alternate every 2 points (~2 m).
        for (int i = 0; i < n; i++)
        {
            int j = track.Next(i);
            if (Math.Abs(track.Curvatures[i]) < KerbCurvature && Math.Abs(track.Curvatures[j]) < KerbCurvature) continue;
            Rgba c = i / 2 % 2 == 0 ? DrivingPalette.KerbRed : DrivingPalette.KerbWhite;
            foreach (float side in (ReadOnlySpan<float>)[1f, -1f])
            {
                float inner = side * (half - 0.05f), outer = side * (half + KerbWidth);
                g.Quad(P(i) + N(i) * inner, P(j) + N(j) * inner, P(j) + N(j) * outer, P(i) + N(i) * outer, c);
            }
        }
        for (int i = 0; i < n; i++)
        {
            int j = track.Next(i);
            g.Quad(P(i) - N(i) * half, P(j) - N(j) * half, P(j) + N(j) * half, P(i) + N(i) * half, DrivingPalette.Asphalt);
        }
        for (int i = 0; i < n; i++)
        {
            int j = track.Next(i);
            foreach (float side in (ReadOnlySpan<float>)[1f, -1f])
            {
                float a = side * (half - 0.15f), b = side * (half - 0.15f - EdgeLineWidth);
                g.Quad(P(i) + N(i) * a, P(j) + N(j) * a, P(j) + N(j) * b, P(i) + N(i) * b, DrivingPalette.EdgeLine);
            }
            // Dashes about 3 m long with 3 m gaps.
            if (i / 3 % 2 == 0)
                g.Quad(P(i) - N(i) * 0.08f, P(j) - N(j) * 0.08f, P(j) + N(j) * 0.08f, P(i) + N(i) * 0.08f, DrivingPalette.CentreLine);
        }
        StartLine(g, P(0), N(0), half);
    }

    /// <summary>Two rows of black and white squares across the road at the start/finish.</summary>
    static void StartLine(Geometry g, Vector2 p, Vector2 normal, float half)
    {
        var forward = new Vector2(normal.Y, -normal.X);
        int squares = Math.Max(4, (int)MathF.Round(2 * half / 0.8f));
        float size = 2 * half / squares;
        for (int row = 0; row < 2; row++)
            for (int k = 0; k < squares; k++)
            {
                Rgba c = (row + k) % 2 == 0 ? Rgba.Black : Rgba.White;
                Vector2 o = p + normal * (-half + k * size) + forward * (row * size - size);
                g.Quad(o, o + normal * size, o + normal * size + forward * size, o + forward * size, c);
            }
    }
}
