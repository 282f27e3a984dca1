using static RlLab.Sim.Pong.PongLayout;

namespace RlLab.Sim.Pong;

/// <summary>
/// Draws a <see cref="PongGame"/> as the Atari screen, built from rectangles. The same drawing code
/// writes either the full 210×160 RGB frame or a sampled view of it (one channel, a row/column
/// origin and a stride), which is how the MIT fast path gets row 35 + 2i, column 2j of the red
/// channel without drawing the full frame. Nothing allocates.
/// </summary>
public static class PongRenderer
{
    /// <summary>A window on the full frame: pixel (i, j) of the view is frame pixel (Y0 + i·Step, X0 + j·Step).</summary>
    public readonly record struct View(int Y0, int X0, int Step, int Rows, int Cols, int Channels)
    {
        public int Size => Rows * Cols * Channels;
    }

    public static readonly View Full = new(0, 0, 1, Height, Width, 3);
    /// <summary>The MIT crop (rows 35..194), downsampled by 2, red channel only: 80×80.</summary>
    public static readonly View MitRed = new(35, 0, 2, 80, 80, 1);

    /// <summary>The full RGB frame, H×W×3.</summary>
    public static void Render(PongGame game, Span<byte> rgb) => Render(game, Full, rgb);

    /// <summary>
    /// Draws the game into <paramref name="dst"/>. <paramref name="mirrored"/> draws it as the left player
    /// sees it when it is shown the game from the right: columns flipped, its own paddle and score in the
    /// right player's place and colour, so one policy can play either side.
    /// </summary>
    public static void Render(PongGame game, View view, Span<byte> dst, bool mirrored = false)
    {
        if (dst.Length < view.Size) throw new ArgumentException($"the buffer needs {view.Size} bytes, got {dst.Length}");
        if (view == Full)
        {
            // The static part of the full frame is one copy: filling 33 600 RGB pixels one by one is most of a frame's cost.
            FullBase.CopyTo(dst);
        }
        else
        {
            DrawStatic(view, dst);
        }
        int leftScore = mirrored ? game.AgentScore : game.OpponentScore, rightScore = mirrored ? game.OpponentScore : game.AgentScore;
        var (leftY, rightY, ballX) = Placement(game, mirrored);
        Score(view, dst, leftScore, OpponentScoreX, Opponent);
        Score(view, dst, rightScore, AgentScoreX, Agent);
        Rect(view, dst, leftY, leftY + PaddleHeight, OpponentX, OpponentX + PaddleWidth, Opponent);
        Rect(view, dst, rightY, rightY + PaddleHeight, AgentX, AgentX + PaddleWidth, Agent);
        if (game.BallInPlay) Rect(view, dst, game.BallY, game.BallY + BallHeight, ballX, ballX + BallWidth, Ball);
    }

    /// <summary>The left and right paddles' top rows and the ball's left column as the picture shows them (mirrored: the left player's view).</summary>
    public static (int LeftY, int RightY, int BallX) Placement(PongGame game, bool mirrored) => mirrored
        ? (game.AgentY, game.OpponentY, MirroredBallX(game))
        : (game.OpponentY, game.AgentY, game.BallX);

    /// <summary>The ball's left column in the mirrored picture, from the fixed-point position (exact: a mirrored game would draw the same).</summary>
    public static int MirroredBallX(PongGame game) => (Width * PongGame.Sub - BallWidth * PongGame.Sub - game.BallXFixed) >> 4;

    static readonly byte[] FullBase = BuildFullBase();

    static byte[] BuildFullBase()
    {
        var b = new byte[Full.Size];
        DrawStatic(Full, b);
        return b;
    }

    /// <summary>The background and the walls.</summary>
    static void DrawStatic(View view, Span<byte> dst)
    {
        Fill(view, dst, Background);
        Rect(view, dst, TopWallY0, TopWallY1, 0, Width, Wall);
        Rect(view, dst, BottomWallY0, BottomWallY1, 0, Width, Wall);
    }

    static void Fill(View v, Span<byte> dst, (byte R, byte G, byte B) c)
    {
        if (v.Channels == 1)
        {
            dst[..v.Size].Fill(c.R);
            return;
        }
        for (int i = 0; i < v.Size; i += 3)
        {
            dst[i] = c.R;
            dst[i + 1] = c.G;
            dst[i + 2] = c.B;
        }
    }

    /// <summary>Fills frame rows [y0, y1) × columns [x0, x1), clipped to the view's sample points.</summary>
    static void Rect(View v, Span<byte> dst, int y0, int y1, int x0, int x1, (byte R, byte G, byte B) c)
    {
        int i0 = Math.Max(0, CeilDiv(y0 - v.Y0, v.Step)), i1 = Math.Min(v.Rows, CeilDiv(y1 - v.Y0, v.Step));
        int j0 = Math.Max(0, CeilDiv(x0 - v.X0, v.Step)), j1 = Math.Min(v.Cols, CeilDiv(x1 - v.X0, v.Step));
        if (i0 >= i1 || j0 >= j1) return;
        for (int i = i0; i < i1; i++)
        {
            Span<byte> row = dst.Slice((i * v.Cols + j0) * v.Channels, (j1 - j0) * v.Channels);
            if (v.Channels == 1)
            {
                row.Fill(c.R);
                continue;
            }
            for (int k = 0; k < row.Length; k += 3)
            {
                row[k] = c.R;
                row[k + 1] = c.G;
                row[k + 2] = c.B;
            }
        }
    }

    static int CeilDiv(int a, int b) => a >= 0 ? (a + b - 1) / b : -(-a / b);

    // 3×5 digit glyphs, one row per 3 bits (MSB left), drawn with 4×4 pixel cells.
    static ReadOnlySpan<byte> Glyphs =>
    [
        7, 5, 5, 5, 7,   1, 1, 1, 1, 1,   7, 1, 7, 4, 7,   7, 1, 7, 1, 7,   5, 5, 7, 1, 1,
        7, 4, 7, 1, 7,   7, 4, 7, 5, 7,   7, 1, 1, 1, 1,   7, 5, 7, 5, 7,   7, 5, 7, 1, 7,
    ];

    /// <summary>Row <paramref name="row"/> (0..4) of a digit's 3×5 glyph, 3 bits with the leftmost as the MSB (for other renderers).</summary>
    public static int GlyphRow(int digit, int row) => Glyphs[digit * 5 + row];

    public const int Cell = 4;

    static void Score(View v, Span<byte> dst, int score, int x, (byte R, byte G, byte B) c)
    {
        score = Math.Clamp(score, 0, 99);
        if (score >= 10) Digit(v, dst, score / 10, x, c);
        Digit(v, dst, score % 10, x + 4 * Cell, c);
    }

    static void Digit(View v, Span<byte> dst, int d, int x, (byte R, byte G, byte B) c)
    {
        for (int r = 0; r < 5; r++)
        {
            byte bits = Glyphs[d * 5 + r];
            for (int col = 0; col < 3; col++)
                if ((bits >> (2 - col) & 1) != 0)
                    Rect(v, dst, ScoreY + r * Cell, ScoreY + (r + 1) * Cell, x + col * Cell, x + (col + 1) * Cell, c);
        }
    }
}
