using System.Numerics;
using RlLab.Envs.Spaces;
using RlLab.Viz.Input;
using RlLab.Viz.Rendering;
using RlLab.Viz.Scenes;
using Silk.NET.OpenGL;

namespace RlLab.Viz.Viewer;

/// <summary>
/// Draws one complete frame into the bound framebuffer: the scene through the camera, then the
/// HUD and the observation inset in screen pixels. Shared by the window, the recorder and the benchmark.
/// </summary>
public sealed class FrameRenderer : IDisposable
{
    static readonly Rgba PanelColor = new(0, 0, 0, 150), Accent = Rgba.Hex(0xFFD54A), Dim = new(200, 200, 200);

    readonly GL _gl;
    readonly FontAtlas _font;
    readonly GpuTexture _inset;
    readonly HudWriter _hud;
    byte[] _insetRgba = [];
    int _insetVersion = -1;
    IEpisodeRunner? _insetRunner;

    public FrameRenderer(GL gl)
    {
        _gl = gl;
        _font = new FontAtlas(gl);
        Batch = new Batch2D(gl, _font);
        _inset = new GpuTexture(gl, 1, 1);
        _hud = new HudWriter(Batch);
    }

    public Batch2D Batch { get; }

    /// <summary>The camera a frame of this size uses; tests use it to find where things are on screen.</summary>
    public static Camera2D CameraFor(IScene scene, CameraMode mode, double zoom, int width, int height)
    {
        if (mode == CameraMode.Overview)
        {
            var (min, max) = scene.Bounds;
            Camera2D c = Camera2D.Frame(min, max, width, height);
            return c with { PixelsPerMeter = c.PixelsPerMeter * (float)zoom };
        }
        return new Camera2D(scene.Focus, scene.FollowScale(height) * (float)zoom, width, height);
    }

    public void Render(IScene scene, IEpisodeRunner runner, in FrameStatus status, int width, int height)
    {
        _gl.Viewport(0, 0, (uint)width, (uint)height);
        Rgba bg = scene.Background;
        _gl.ClearColor(bg.R / 255f, bg.G / 255f, bg.B / 255f, 1);
        _gl.Clear(ClearBufferMask.ColorBufferBit);
        Batch.ResetCounters();
        scene.Interpolate(status.Alpha);

        Camera2D camera = CameraFor(scene, status.Camera, status.Zoom, width, height);
        Batch.Begin(camera.Projection);
        scene.DrawWorld(Batch, camera);
        Batch.Flush();

        Batch.Begin(Camera2D.ScreenProjection(width, height));
        if (status.ShowHud) DrawHud(scene, runner, status, width, height);
        if (status.ShowInset) DrawInset(runner, width, height);
        Batch.Flush();
    }

    void DrawHud(IScene scene, IEpisodeRunner runner, in FrameStatus status, int width, int height)
    {
        float scale = height >= 600 ? 2 : 1;
        float pad = 6 * scale;
        _hud.Scale = scale;
        int panel = Batch.ReserveRect();
        _hud.Begin(pad * 2, pad * 2);
        if (status.Title is { } title)
        {
            _hud.Color = Accent;
            _hud.Line(title);
        }
        _hud.Color = Rgba.White;
        _hud.Line($"episode {runner.Episode}   step {runner.Steps}");
        _hud.Line($"reward {runner.LastReward,7:F3}   return {runner.Return,8:F2}");
        WriteAction(runner);
        scene.WriteHud(_hud);
        _hud.Color = Dim;
        _hud.Line($"fps {status.Fps,5:F0}   sim x{status.Speed:0.###}   {(status.Camera == CameraMode.Follow ? "follow" : "overview")}");
        if (runner.FinishedEpisodes > 0)
        {
            var last = runner.LastEpisode;
            _hud.Line($"last: return {last.Return:F1}, {last.Length} steps, {last.EndReason ?? "done"}");
        }
        if (status.Paused)
        {
            _hud.Color = Accent;
            _hud.Line("PAUSED");
        }
        Batch.SetRect(panel, pad, pad, _hud.MaxWidth + 2 * pad, _hud.Lines * _hud.LineHeight + 2 * pad - scale * 2, PanelColor);

        if (status.Help is { } help)
        {
            Vector2 size = FontAtlas.Measure(help, scale);
            float y = height - size.Y - 2 * pad;
            Batch.Rect(pad, y - pad, size.X + 2 * pad, size.Y + 2 * pad, PanelColor);
            Batch.Text(help, 2 * pad, y, scale, Dim);
        }
    }

    void WriteAction(IEpisodeRunner runner)
    {
        ReadOnlySpan<float> a = runner.Action;
        if (runner.Env.ActionSpace is Discrete d)
        {
            _hud.Line($"action {a[0]:F0} of {d.N}");
            return;
        }
        // Up to four values on one line; a wider action shows its first four.
        Span<char> line = stackalloc char[64];
        int n = 0;
        "action".AsSpan().CopyTo(line);
        n += 6;
        for (int i = 0; i < Math.Min(a.Length, 4); i++)
        {
            line[n++] = ' ';
            if (a[i].TryFormat(line[n..], out int w, "+0.000;-0.000", System.Globalization.CultureInfo.InvariantCulture)) n += w;
        }
        _hud.Line(line[..n]);
    }

    /// <summary>
    /// Where an image observation of <paramref name="obsWidth"/> × <paramref name="obsHeight"/> is drawn:
    /// its top-left pixel and the integer factor that keeps every observation pixel a crisp square.
    /// </summary>
    public static (int X, int Y, int Factor) ImageInset(int width, int height, int obsWidth, int obsHeight)
    {
        int scale = height >= 600 ? 2 : 1, pad = 6 * scale;
        int factor = Math.Max(1, (int)(height * 0.32f / obsHeight));
        while (factor > 1 && obsWidth * factor > width * 0.35f) factor--;
        return (width - obsWidth * factor - 2 * pad, 2 * pad + FontAtlas.LineHeight * scale, factor);
    }

    /// <summary>The observation exactly as the policy sees it: an image scaled up, or a vector as bars.</summary>
    void DrawInset(IEpisodeRunner runner, int width, int height)
    {
        float scale = height >= 600 ? 2 : 1, pad = 6 * scale;
        IReadOnlyList<int> shape = runner.Env.ObservationSpace.Shape;
        ReadOnlySpan<byte> bytes = runner.ObservationBytes;
        if (!bytes.IsEmpty && shape.Count == 3)
        {
            int h = shape[0], w = shape[1], c = shape[2];
            if (_insetVersion != runner.ObservationVersion || _insetRunner != runner)
            {
                ToRgba(bytes, w, h, c);
                _inset.Upload(_insetRgba, w, h);
                (_insetVersion, _insetRunner) = (runner.ObservationVersion, runner);
            }
            var (x, y, factor) = ImageInset(width, height, w, h);
            float iw = w * factor, ih = h * factor;
            // Both the label and the image are right-aligned; the panel is as wide as the wider one.
            float labelW = FontAtlas.Advance * scale * (13 + Digits(w) + Digits(h) + Digits(c) + 2);
            float left = MathF.Min(x, width - 2 * pad - labelW);
            Batch.Rect(left - pad, pad, width - 2 * pad - left + 2 * pad, ih + 2 * pad + FontAtlas.LineHeight * scale, PanelColor);
            Batch.Text(width - 2 * pad - labelW, pad + scale, scale, Dim, $"policy input {w}x{h}x{c}");
            Batch.SetTexture(_inset);
            Batch.Image(x, y, iw, ih, new Vector4(0, 0, 1, 1), Rgba.White);
            Batch.SetTexture(null);
            return;
        }
        ReadOnlySpan<float> v = runner.ObservationFloats;
        if (v.IsEmpty) return;
        DrawVector(v, width, scale, pad);
    }

    void DrawVector(ReadOnlySpan<float> v, int width, float scale, float pad)
    {
        float line = FontAtlas.LineHeight * scale;
        float maxAbs = 1;
        foreach (float x in v) if (float.IsFinite(x)) maxAbs = MathF.Max(maxAbs, MathF.Abs(x));
        if (v.Length <= 12)
        {
            // One row per value: the number and a bar centred on zero.
            float textW = 9 * FontAtlas.Advance * scale, barW = 90 * scale;
            float panelW = textW + barW + 3 * pad, x0 = width - panelW - pad;
            Batch.Rect(x0, pad, panelW, (v.Length + 1) * line + 2 * pad, PanelColor);
            Batch.Text(x0 + pad, pad * 2, scale, Dim, $"policy input [{v.Length}]");
            for (int i = 0; i < v.Length; i++)
            {
                float y = pad * 2 + (i + 1) * line;
                Batch.Text(x0 + pad, y, scale, Rgba.White, $"{v[i],8:F3}");
                float mid = x0 + textW + 2 * pad + barW / 2, len = Math.Clamp(v[i] / maxAbs, -1, 1) * barW / 2;
                Batch.Rect(mid - 0.5f * scale, y, scale, line - 2 * scale, Dim);
                Batch.Rect(MathF.Min(mid, mid + len), y + scale, MathF.Abs(len), line - 4 * scale, Accent);
            }
            return;
        }
        // Long vectors (lidar) as a bar chart.
        float barWidth = Math.Clamp(MathF.Min(300f * scale, 0.3f * width) / v.Length, 1, 8 * scale), chartH = 60 * scale;
        float w = v.Length * barWidth, xs = width - w - 2 * pad;
        Batch.Rect(xs - pad, pad, w + 2 * pad, chartH + line + 2 * pad, PanelColor);
        Batch.Text(xs, pad * 2, scale, Dim, $"policy input [{v.Length}]");
        float baseY = pad * 2 + line + chartH / 2;
        for (int i = 0; i < v.Length; i++)
        {
            float len = Math.Clamp(v[i] / maxAbs, -1, 1) * chartH / 2;
            Batch.Rect(xs + i * barWidth, MathF.Min(baseY, baseY - len), MathF.Max(1, barWidth - 1), MathF.Abs(len), Accent);
        }
    }

    static int Digits(int n) => n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : 4;

    /// <summary>HWC bytes to RGBA: 1 channel is grey, 3 is RGB, a frame stack shows its newest frame.</summary>
    void ToRgba(ReadOnlySpan<byte> src, int w, int h, int c)
    {
        if (_insetRgba.Length != w * h * 4) _insetRgba = new byte[w * h * 4];
        bool rgb = c % 3 == 0;
        int first = rgb ? c - 3 : c - 1;
        for (int i = 0; i < w * h; i++)
        {
            int s = i * c + first, d = i * 4;
            if (rgb)
            {
                _insetRgba[d] = src[s];
                _insetRgba[d + 1] = src[s + 1];
                _insetRgba[d + 2] = src[s + 2];
            }
            else _insetRgba[d] = _insetRgba[d + 1] = _insetRgba[d + 2] = src[s];
            _insetRgba[d + 3] = 255;
        }
    }

    public void Dispose()
    {
        _inset.Dispose();
        Batch.Dispose();
        _font.Dispose();
    }
}
