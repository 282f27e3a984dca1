using System.Globalization;
using System.Numerics;

namespace RlLab.Viz.Rendering;

/// <summary>
/// A growing list of triangles (<see cref="Vertex2D"/>, three per triangle) with the shapes the
/// viewer draws: rectangles, thick lines, polylines, discs, rotated boxes and text. The batch
/// streams it to the GPU every frame; a <see cref="StaticMesh"/> uploads it once (the track).
/// Once it has grown to a frame's size it allocates nothing more.
/// </summary>
public class Geometry(Vector2 whiteUv, FontAtlas? font = null) : ITextSink
{
    Vertex2D[] _vertices = new Vertex2D[4096];
    int _count;

    protected Vector2 WhiteUv { get; } = whiteUv;
    protected FontAtlas? Font { get; } = font;

    public int VertexCount => _count;
    public ReadOnlySpan<Vertex2D> Vertices => _vertices.AsSpan(0, _count);
    public void Clear() => _count = 0;

    Span<Vertex2D> Reserve(int n)
    {
        if (_count + n > _vertices.Length) Array.Resize(ref _vertices, Math.Max(_vertices.Length * 2, _count + n));
        Span<Vertex2D> s = _vertices.AsSpan(_count, n);
        _count += n;
        return s;
    }

    /// <summary>
    /// Reserves an invisible rectangle now and returns its handle; <see cref="SetRect"/> fills it in
    /// later. A panel behind text is sized after the text is written yet still drawn below it.
    /// </summary>
    public int ReserveRect()
    {
        int at = _count;
        Reserve(6).Clear();
        return at;
    }

    public void SetRect(int handle, float x, float y, float width, float height, Rgba color)
    {
        Span<Vertex2D> v = _vertices.AsSpan(handle, 6);
        Vector2 a = new(x, y), b = new(x + width, y), c = new(x + width, y + height), d = new(x, y + height);
        v[0] = new(a, WhiteUv, color);
        v[1] = new(b, WhiteUv, color);
        v[2] = new(c, WhiteUv, color);
        v[3] = new(a, WhiteUv, color);
        v[4] = new(c, WhiteUv, color);
        v[5] = new(d, WhiteUv, color);
    }

    public void Triangle(Vector2 a, Vector2 b, Vector2 c, Rgba color)
    {
        Span<Vertex2D> v = Reserve(3);
        v[0] = new(a, WhiteUv, color);
        v[1] = new(b, WhiteUv, color);
        v[2] = new(c, WhiteUv, color);
    }

    /// <summary>A quadrilateral a-b-c-d (in order around its edge), optionally with a colour per edge pair.</summary>
    public void Quad(Vector2 a, Vector2 b, Vector2 c, Vector2 d, Rgba color) => Quad(a, b, c, d, color, color);

    public void Quad(Vector2 a, Vector2 b, Vector2 c, Vector2 d, Rgba colorAb, Rgba colorCd)
    {
        Span<Vertex2D> v = Reserve(6);
        v[0] = new(a, WhiteUv, colorAb);
        v[1] = new(b, WhiteUv, colorAb);
        v[2] = new(c, WhiteUv, colorCd);
        v[3] = new(a, WhiteUv, colorAb);
        v[4] = new(c, WhiteUv, colorCd);
        v[5] = new(d, WhiteUv, colorCd);
    }

    public void Rect(float x, float y, float width, float height, Rgba color) =>
        Quad(new(x, y), new(x + width, y), new(x + width, y + height), new(x, y + height), color);

    /// <summary>An outline of a rectangle, <paramref name="thickness"/> wide, inside its bounds.</summary>
    public void RectOutline(float x, float y, float width, float height, float thickness, Rgba color)
    {
        Rect(x, y, width, thickness, color);
        Rect(x, y + height - thickness, width, thickness, color);
        Rect(x, y + thickness, thickness, height - 2 * thickness, color);
        Rect(x + width - thickness, y + thickness, thickness, height - 2 * thickness, color);
    }

    /// <summary>A rectangle of <paramref name="length"/> × <paramref name="width"/> centred on <paramref name="center"/>, turned by <paramref name="heading"/>.</summary>
    public void Box(Vector2 center, float heading, float length, float width, Rgba color)
    {
        var f = new Vector2(MathF.Cos(heading), MathF.Sin(heading)) * (length / 2);
        var l = new Vector2(-MathF.Sin(heading), MathF.Cos(heading)) * (width / 2);
        Quad(center - f - l, center + f - l, center + f + l, center - f + l, color);
    }

    public void Line(Vector2 a, Vector2 b, float width, Rgba color) => Line(a, b, width, color, color);

    public void Line(Vector2 a, Vector2 b, float width, Rgba colorA, Rgba colorB)
    {
        Vector2 d = b - a;
        float len = d.Length();
        if (len < 1e-9f) return;
        var n = new Vector2(-d.Y, d.X) * (width / 2 / len);
        Span<Vertex2D> v = Reserve(6);
        v[0] = new(a - n, WhiteUv, colorA);
        v[1] = new(b - n, WhiteUv, colorB);
        v[2] = new(b + n, WhiteUv, colorB);
        v[3] = new(a - n, WhiteUv, colorA);
        v[4] = new(b + n, WhiteUv, colorB);
        v[5] = new(a + n, WhiteUv, colorA);
    }

    /// <summary>Consecutive segments; joints get a small disc so thick turns have no gaps.</summary>
    public void Polyline(ReadOnlySpan<Vector2> points, float width, Rgba color, bool closed = false)
    {
        for (int i = 0; i + 1 < points.Length; i++) Line(points[i], points[i + 1], width, color);
        if (closed && points.Length > 2) Line(points[^1], points[0], width, color);
    }

    public void Disc(Vector2 center, float radius, Rgba color, int segments = 20)
    {
        Vector2 prev = center + new Vector2(radius, 0);
        for (int i = 1; i <= segments; i++)
        {
            float a = MathF.Tau * i / segments;
            Vector2 p = center + new Vector2(MathF.Cos(a), MathF.Sin(a)) * radius;
            Triangle(center, prev, p, color);
            prev = p;
        }
    }

    /// <summary>A textured rectangle (screen or world units) with the texture's (u0, v0, u1, v1).</summary>
    public void Image(float x, float y, float width, float height, Vector4 uv, Rgba tint)
    {
        Span<Vertex2D> v = Reserve(6);
        v[0] = new(new(x, y), new(uv.X, uv.Y), tint);
        v[1] = new(new(x + width, y), new(uv.Z, uv.Y), tint);
        v[2] = new(new(x + width, y + height), new(uv.Z, uv.W), tint);
        v[3] = v[0];
        v[4] = v[2];
        v[5] = new(new(x, y + height), new(uv.X, uv.W), tint);
    }

    /// <summary>
    /// Text with its top-left corner at (x, y), y growing downwards (screen space). Returns the x after the last glyph.
    /// </summary>
    public float Text(ReadOnlySpan<char> text, float x, float y, float scale, Rgba color)
    {
        FontAtlas font = Font ?? throw new InvalidOperationException("this geometry has no font");
        float gw = FontAtlas.GlyphWidth * scale, gh = FontAtlas.GlyphHeight * scale;
        float cx = x;
        foreach (char c in text)
        {
            if (c != ' ') Image(cx, y, gw, gh, font.GlyphUv(c), color);
            cx += FontAtlas.Advance * scale;
        }
        return cx;
    }

    /// <summary>Formats without allocating (into a stack buffer) and draws.</summary>
    public float Text(float x, float y, float scale, Rgba color, [System.Runtime.CompilerServices.InterpolatedStringHandlerArgument("")] ref TextHandler handler)
    {
        return Text(handler.Written, x, y, scale, color);
    }

    /// <summary>Writes an interpolated string into a reusable buffer (invariant culture).</summary>
    [System.Runtime.CompilerServices.InterpolatedStringHandler]
    public ref struct TextHandler
    {
        readonly char[] _buffer;
        int _length;

        public TextHandler(int literalLength, int formattedCount, ITextSink owner)
        {
            _buffer = owner.TextBuffer;
            _length = 0;
        }

        public readonly ReadOnlySpan<char> Written => _buffer.AsSpan(0, _length);

        public void AppendLiteral(string s) => Append(s);

        public void AppendFormatted<T>(T value, string? format = null) where T : ISpanFormattable
        {
            if (value.TryFormat(_buffer.AsSpan(_length), out int n, format, CultureInfo.InvariantCulture)) _length += n;
        }

        public void AppendFormatted<T>(T value, int alignment, string? format = null) where T : ISpanFormattable
        {
            int start = _length;
            AppendFormatted(value, format);
            int pad = Math.Abs(alignment) - (_length - start);
            if (pad <= 0 || _length + pad > _buffer.Length) return;
            if (alignment > 0)
            {
                _buffer.AsSpan(start, _length - start).CopyTo(_buffer.AsSpan(start + pad));
                _buffer.AsSpan(start, pad).Fill(' ');
            }
            else _buffer.AsSpan(_length, pad).Fill(' ');
            _length += pad;
        }

        public void AppendFormatted(string? s) => Append(s);

        public void AppendFormatted(ReadOnlySpan<char> s)
        {
            int n = Math.Min(s.Length, _buffer.Length - _length);
            s[..n].CopyTo(_buffer.AsSpan(_length));
            _length += n;
        }

        void Append(string? s) => AppendFormatted(s.AsSpan());
    }

    readonly char[] _text = new char[256];

    char[] ITextSink.TextBuffer => _text;
}

/// <summary>Owns the scratch buffer that interpolated text is formatted into before it is drawn.</summary>
public interface ITextSink
{
    char[] TextBuffer { get; }
}
