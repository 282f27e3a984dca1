using System.Numerics;

namespace RlLab.Viz.Rendering;

/// <summary>
/// Maps world metres (x right, y up) to screen pixels (origin top-left, y down) for a viewport:
/// a centre, and a scale in pixels per metre. North stays up; the car turns, the world does not.
/// </summary>
public readonly record struct Camera2D(Vector2 Center, float PixelsPerMeter, int ViewportWidth, int ViewportHeight)
{
    /// <summary>The camera that shows <paramref name="min"/>–<paramref name="max"/> whole, with a margin (a fraction of the view).</summary>
    public static Camera2D Frame(Vector2 min, Vector2 max, int width, int height, float margin = 0.05f)
    {
        Vector2 size = Vector2.Max(max - min, new Vector2(1e-3f));
        float scale = MathF.Min(width / size.X, height / size.Y) * (1 - 2 * margin);
        return new Camera2D((min + max) / 2, scale, width, height);
    }

    public Vector2 WorldToScreen(Vector2 world) => new(
        ViewportWidth / 2f + (world.X - Center.X) * PixelsPerMeter,
        ViewportHeight / 2f - (world.Y - Center.Y) * PixelsPerMeter);

    public Vector2 ScreenToWorld(Vector2 screen) => new(
        Center.X + (screen.X - ViewportWidth / 2f) / PixelsPerMeter,
        Center.Y - (screen.Y - ViewportHeight / 2f) / PixelsPerMeter);

    /// <summary>The world-to-clip matrix for the 2D shader.</summary>
    public Matrix4x4 Projection
    {
        get
        {
            float hw = ViewportWidth / 2f / PixelsPerMeter, hh = ViewportHeight / 2f / PixelsPerMeter;
            return Matrix4x4.CreateOrthographicOffCenter(Center.X - hw, Center.X + hw, Center.Y - hh, Center.Y + hh, -1, 1);
        }
    }

    /// <summary>Pixel coordinates (top-left origin) to clip space, for the HUD.</summary>
    public static Matrix4x4 ScreenProjection(int width, int height) => Matrix4x4.CreateOrthographicOffCenter(0, width, height, 0, -1, 1);

    /// <summary>The world rectangle in view (min, max), to skip what cannot be seen.</summary>
    public (Vector2 Min, Vector2 Max) VisibleWorld
    {
        get
        {
            var half = new Vector2(ViewportWidth, ViewportHeight) / 2 / PixelsPerMeter;
            return (Center - half, Center + half);
        }
    }
}
