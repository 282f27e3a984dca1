using System.Numerics;
using Silk.NET.OpenGL;

namespace RlLab.Viz.Rendering;

/// <summary>
/// A 5×7 bitmap font (with two rows for descenders) drawn into a texture at start-up: no font files,
/// no font library. The atlas also holds a white block, so solid shapes and text share one texture
/// and one draw call. Glyphs cover printable ASCII; other characters draw as '?'.
/// </summary>
public sealed class FontAtlas : IDisposable
{
    public const int GlyphWidth = 5, GlyphHeight = 9, CellWidth = 6, CellHeight = 10, Columns = 16, Rows = 6;
    /// <summary>Horizontal advance and line height in texels, before scaling.</summary>
    public const int Advance = 6, LineHeight = 11;
    const int First = 32, Count = 95, WhiteCell = 95;

    public GpuTexture Texture { get; }
    public int Width => Columns * CellWidth;
    public int Height => Rows * CellHeight;

    /// <summary>A texture coordinate inside the white block; solid shapes use it.</summary>
    public Vector2 WhiteUv { get; }

    public FontAtlas(GL gl)
    {
        byte[] rgba = Rasterize();
        Texture = new GpuTexture(gl, Width, Height);
        Texture.Upload(rgba, Width, Height);
        (float u, float v) = CellOrigin(WhiteCell);
        WhiteUv = new Vector2(u + 2.5f / Width, v + 2.5f / Height);
    }

    /// <summary>The atlas as RGBA bytes: white everywhere, glyph pixels opaque, the rest transparent.</summary>
    public static byte[] Rasterize()
    {
        int w = Columns * CellWidth, h = Rows * CellHeight;
        var rgba = new byte[w * h * 4];
        for (int i = 0; i < rgba.Length; i += 4) rgba[i] = rgba[i + 1] = rgba[i + 2] = 255;
        for (int cell = 0; cell <= WhiteCell; cell++)
        {
            int ox = cell % Columns * CellWidth, oy = cell / Columns * CellHeight;
            string[] rows = cell == WhiteCell ? Solid : Glyphs[cell].Split(' ');
            for (int y = 0; y < rows.Length; y++)
                for (int x = 0; x < rows[y].Length; x++)
                    if (rows[y][x] == '#') rgba[((oy + y) * w + ox + x) * 4 + 3] = 255;
        }
        return rgba;
    }

    (float U, float V) CellOrigin(int cell) => ((float)(cell % Columns * CellWidth) / Width, (float)(cell / Columns * CellHeight) / Height);

    /// <summary>The texture rectangle of a character: (u0, v0, u1, v1).</summary>
    public Vector4 GlyphUv(char c)
    {
        int cell = c is >= (char)First and < (char)(First + Count) ? c - First : c == '\u2212' ? '-' - First : '?' - First;
        (float u, float v) = CellOrigin(cell);
        return new Vector4(u, v, u + (float)GlyphWidth / Width, v + (float)GlyphHeight / Height);
    }

    /// <summary>The size of <paramref name="text"/> in pixels at <paramref name="scale"/> (single line).</summary>
    public static Vector2 Measure(ReadOnlySpan<char> text, float scale) => new(text.Length * Advance * scale, GlyphHeight * scale);

    public void Dispose() => Texture.Dispose();

    static readonly string[] Solid = ["#####", "#####", "#####", "#####", "#####", "#####", "#####", "#####", "#####"];

    // One glyph per line, rows top to bottom separated by spaces; rows 0–6 are the body, 7–8 the descenders.
    static readonly string[] Glyphs =
    [
        "",                                                          // space
        "..#.. ..#.. ..#.. ..#.. ..#.. ..... ..#..",                 // !
        ".#.#. .#.#. .#.#.",                                         // "
        ".#.#. .#.#. ##### .#.#. ##### .#.#. .#.#.",                 // #
        "..#.. .#### #.#.. .###. ..#.# ####. ..#..",                 // $
        "##... ##..# ...#. ..#.. .#... #..## ...##",                 // %
        ".##.. #..#. #.#.. .#... #.#.# #..#. .##.#",                 // &
        "..#.. ..#.. ..#..",                                         // '
        "...#. ..#.. .#... .#... .#... ..#.. ...#.",                 // (
        ".#... ..#.. ...#. ...#. ...#. ..#.. .#...",                 // )
        "..... ..#.. #.#.# .###. #.#.# ..#.. .....",                 // *
        "..... ..#.. ..#.. ##### ..#.. ..#.. .....",                 // +
        "..... ..... ..... ..... ..... ..##. ..##. ...#. ..#..",     // ,
        "..... ..... ..... #####",                                   // -
        "..... ..... ..... ..... ..... ..##. ..##.",                 // .
        "..... ....# ...#. ..#.. .#... #.... .....",                 // /
        ".###. #...# #..## #.#.# ##..# #...# .###.",                 // 0
        "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.",                 // 1
        ".###. #...# ....# ...#. ..#.. .#... #####",                 // 2
        "##### ...#. ..#.. ...#. ....# #...# .###.",                 // 3
        "...#. ..##. .#.#. #..#. ##### ...#. ...#.",                 // 4
        "##### #.... ####. ....# ....# #...# .###.",                 // 5
        "..##. .#... #.... ####. #...# #...# .###.",                 // 6
        "##### ....# ...#. ..#.. .#... .#... .#...",                 // 7
        ".###. #...# #...# .###. #...# #...# .###.",                 // 8
        ".###. #...# #...# .#### ....# ...#. .##..",                 // 9
        "..... ..##. ..##. ..... ..##. ..##. .....",                 // :
        "..... ..##. ..##. ..... ..##. ..##. ...#. ..#..",           // ;
        "...#. ..#.. .#... #.... .#... ..#.. ...#.",                 // <
        "..... ..... ##### ..... ##### ..... .....",                 // =
        ".#... ..#.. ...#. ....# ...#. ..#.. .#...",                 // >
        ".###. #...# ....# ...#. ..#.. ..... ..#..",                 // ?
        ".###. #...# ....# .##.# #.#.# #.#.# .###.",                 // @
        ".###. #...# #...# ##### #...# #...# #...#",                 // A
        "####. #...# #...# ####. #...# #...# ####.",                 // B
        ".###. #...# #.... #.... #.... #...# .###.",                 // C
        "###.. #..#. #...# #...# #...# #..#. ###..",                 // D
        "##### #.... #.... ####. #.... #.... #####",                 // E
        "##### #.... #.... ####. #.... #.... #....",                 // F
        ".###. #...# #.... #.### #...# #...# .####",                 // G
        "#...# #...# #...# ##### #...# #...# #...#",                 // H
        ".###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.",                 // I
        "..### ...#. ...#. ...#. ...#. #..#. .##..",                 // J
        "#...# #..#. #.#.. ##... #.#.. #..#. #...#",                 // K
        "#.... #.... #.... #.... #.... #.... #####",                 // L
        "#...# ##.## #.#.# #.#.# #...# #...# #...#",                 // M
        "#...# #...# ##..# #.#.# #..## #...# #...#",                 // N
        ".###. #...# #...# #...# #...# #...# .###.",                 // O
        "####. #...# #...# ####. #.... #.... #....",                 // P
        ".###. #...# #...# #...# #.#.# #..#. .##.#",                 // Q
        "####. #...# #...# ####. #.#.. #..#. #...#",                 // R
        ".#### #.... #.... .###. ....# ....# ####.",                 // S
        "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",                 // T
        "#...# #...# #...# #...# #...# #...# .###.",                 // U
        "#...# #...# #...# #...# #...# .#.#. ..#..",                 // V
        "#...# #...# #...# #.#.# #.#.# #.#.# .#.#.",                 // W
        "#...# #...# .#.#. ..#.. .#.#. #...# #...#",                 // X
        "#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..",                 // Y
        "##### ....# ...#. ..#.. .#... #.... #####",                 // Z
        ".###. .#... .#... .#... .#... .#... .###.",                 // [
        "..... #.... .#... ..#.. ...#. ....# .....",                 // \
        ".###. ...#. ...#. ...#. ...#. ...#. .###.",                 // ]
        "..#.. .#.#. #...#",                                         // ^
        "..... ..... ..... ..... ..... ..... ..... #####",           // _
        ".#... ..#.. ...#.",                                         // `
        "..... ..... .###. ....# .#### #...# .####",                 // a
        "#.... #.... ####. #...# #...# #...# ####.",                 // b
        "..... ..... .###. #.... #.... #...# .###.",                 // c
        "....# ....# .#### #...# #...# #...# .####",                 // d
        "..... ..... .###. #...# ##### #.... .###.",                 // e
        "..##. .#..# .#... ###.. .#... .#... .#...",                 // f
        "..... ..... .#### #...# #...# #...# .#### ....# .###.",     // g
        "#.... #.... ####. #...# #...# #...# #...#",                 // h
        "..#.. ..... .##.. ..#.. ..#.. ..#.. .###.",                 // i
        "...#. ..... ..##. ...#. ...#. ...#. ...#. #..#. .##..",     // j
        "#.... #.... #..#. #.#.. ##... #.#.. #..#.",                 // k
        ".##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###.",                 // l
        "..... ..... ##.#. #.#.# #.#.# #.#.# #.#.#",                 // m
        "..... ..... ####. #...# #...# #...# #...#",                 // n
        "..... ..... .###. #...# #...# #...# .###.",                 // o
        "..... ..... ####. #...# #...# #...# ####. #.... #....",     // p
        "..... ..... .#### #...# #...# #...# .#### ....# ....#",     // q
        "..... ..... #.##. ##..# #.... #.... #....",                 // r
        "..... ..... .#### #.... .###. ....# ####.",                 // s
        ".#... .#... ###.. .#... .#... .#..# ..##.",                 // t
        "..... ..... #...# #...# #...# #..## .##.#",                 // u
        "..... ..... #...# #...# #...# .#.#. ..#..",                 // v
        "..... ..... #...# #...# #.#.# #.#.# .#.#.",                 // w
        "..... ..... #...# .#.#. ..#.. .#.#. #...#",                 // x
        "..... ..... #...# #...# #...# #...# .#### ....# .###.",     // y
        "..... ..... ##### ...#. ..#.. .#... #####",                 // z
        "...#. ..#.. ..#.. .#... ..#.. ..#.. ...#.",                 // {
        "..#.. ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",                 // |
        ".#... ..#.. ..#.. ...#. ..#.. ..#.. .#...",                 // }
        "..... ..... .#... #.#.# ...#.",                             // ~
    ];
}
