using RlLab.Sim.Pong;
using static RlLab.Sim.Pong.PongLayout;

namespace RlLab.Envs.Pong;

/// <summary>
/// The `small_aa` picture: the MIT crop (rows 35..194, all 160 columns) drawn at 40×40 through a tent
/// filter, so where the ball and a paddle's ends sit inside a 4×4 block survives as the share of light
/// the block and its neighbours get. A max- or mean-pooled 40×40 picture keeps positions only to 4 screen
/// pixels, and a state vector rounded to that grid learns no better than those pictures (docs/pong.md):
/// the tent keeps them to one pixel at the same size. Drawn from the game's rectangles (the paddles and
/// the ball; the walls lie outside the crop), so a frame costs a few dozen pixels, not a 160×160 filter.
/// </summary>
public static class SmoothFrames
{
    public const int Size = 40, Block = 4, CropTop = MitFrames.CropTop, CropRows = Size * Block;

    /// <summary>
    /// The tent's weights in eighths for the screen pixels from 2 before a block to 2 after it: a pixel at
    /// distance d (in pixels, centre to centre) from the block's centre weighs 1 − |d|/4, which sums to 4 over
    /// a line, so neighbouring blocks share a pixel's light and a one-pixel move changes what each gets.
    /// </summary>
    static ReadOnlySpan<byte> Tent => [1, 3, 5, 7, 7, 5, 3, 1];

    /// <summary>
    /// Weighted light to brightness: a block lit with all its neighbourhood weighs 32 eighths along each axis,
    /// 32·32 in the products below; the ball (2×4 pixels) reaches at most 14·24 of that, so a gain of 3 draws
    /// it near full brightness (95-251 by where it sits) and saturates a paddle's middle, whose column is fixed anyway.
    /// </summary>
    const int Gain = 3, FullWeight = 32 * 32;

    /// <summary>Draws the game as <paramref name="mirrored"/> sees it (see <see cref="PongRenderer.Render(PongGame, PongRenderer.View, Span{byte}, bool)"/>).</summary>
    public static void Render(PongGame game, Span<byte> dst, bool mirrored)
    {
        if (dst.Length < Size * Size) throw new ArgumentException($"the buffer needs {Size * Size} bytes, got {dst.Length}");
        dst[..(Size * Size)].Clear();
        var (leftY, rightY, ballX) = PongRenderer.Placement(game, mirrored);
        Rect(dst, leftY, leftY + PaddleHeight, OpponentX, OpponentX + PaddleWidth);
        Rect(dst, rightY, rightY + PaddleHeight, AgentX, AgentX + PaddleWidth);
        if (game.BallInPlay) Rect(dst, game.BallY, game.BallY + BallHeight, ballX, ballX + BallWidth);
    }

    /// <summary>Adds the light of screen rows [y0, y1) × columns [x0, x1), clipped to the crop, saturating.</summary>
    static void Rect(Span<byte> dst, int y0, int y1, int x0, int x1)
    {
        y0 = Math.Max(y0 - CropTop, 0);
        y1 = Math.Min(y1 - CropTop, CropRows);
        if (y0 >= y1 || x0 >= x1) return;
        Span<int> across = stackalloc int[Size], down = stackalloc int[Size];
        (int j0, int j1) = Coverage(x0, x1, across);
        (int i0, int i1) = Coverage(y0, y1, down);
        for (int i = i0; i <= i1; i++)
        {
            if (down[i] == 0) continue;
            Span<byte> row = dst.Slice(i * Size, Size);
            for (int j = j0; j <= j1; j++)
            {
                int add = down[i] * across[j] * Gain * 255 / FullWeight;
                row[j] = (byte)Math.Min(255, row[j] + add);
            }
        }
    }

    /// <summary>Per block, the tent-weighted count (eighths) of pixels in [p0, p1) along one axis; the first and last block touched.</summary>
    static (int First, int Last) Coverage(int p0, int p1, Span<int> blocks)
    {
        // Block b weighs pixels 4b − 2 … 4b + 5 by Tent[p − 4b + 2]; the shifts floor negative values too.
        int first = Math.Max(0, (p0 - 2) >> 2), last = Math.Min(Size - 1, (p1 + 1) >> 2);
        for (int b = first; b <= last; b++)
        {
            int sum = 0, from = Math.Max(p0, Block * b - 2), to = Math.Min(p1, Block * b + 6);
            for (int p = from; p < to; p++) sum += Tent[p - Block * b + 2];
            blocks[b] = sum;
        }
        return (first, last);
    }
}
