namespace RlLab.Sim.Pong;

/// <summary>
/// The Atari 2600 Pong screen as ALE shows it: 210 rows × 160 columns, the score bar on top, white
/// walls above and below the playfield, the opponent's paddle on the left, the agent's on the right.
/// Coordinates are pixels; ranges are [start, end).
/// </summary>
public static class PongLayout
{
    public const int Height = 210, Width = 160;
    public const int TopWallY0 = 24, TopWallY1 = 34;        // the playfield starts below the top wall
    public const int BottomWallY0 = 194, BottomWallY1 = 210;
    public const int FieldTop = TopWallY1, FieldBottom = BottomWallY0;
    public const int PaddleWidth = 4, PaddleHeight = 16;
    public const int OpponentX = 16, AgentX = 140;           // left columns of the two paddles
    public const int BallWidth = 2, BallHeight = 4;
    public const int ScoreY = 1, ScoreDigitHeight = 20;      // score digits: 4×5 cells of 4 px
    public const int OpponentScoreX = 16, AgentScoreX = 96;

    // ALE's NTSC colours for Pong.
    public static readonly (byte R, byte G, byte B) Background = (144, 72, 17);
    public static readonly (byte R, byte G, byte B) Wall = (236, 236, 236);
    public static readonly (byte R, byte G, byte B) Ball = (236, 236, 236);
    public static readonly (byte R, byte G, byte B) Opponent = (213, 130, 74);
    public static readonly (byte R, byte G, byte B) Agent = (92, 186, 92);
}
