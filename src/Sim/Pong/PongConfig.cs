namespace RlLab.Sim.Pong;

/// <summary>
/// The game's rules. Speeds are in sixteenths of a pixel per frame (the game runs in fixed point so
/// that a seed gives the same game on every machine).
/// </summary>
public sealed record PongConfig
{
    /// <summary>A game ends when one side reaches this score (21 in Atari Pong).</summary>
    public int PointsToWin { get; init; } = 21;
    /// <summary>The built-in opponent's top speed (Atari: a little under the ball's fastest vertical speed).</summary>
    public int OpponentSpeed { get; init; } = 32;
    /// <summary>The opponent freezes on every <c>n</c>-th frame (8 in Atari Pong); 0 never.</summary>
    public int OpponentSkipEvery { get; init; } = 8;
    /// <summary>
    /// The point of its paddle (pixels from the top, 0–15) the opponent aims at the ball's centre: 8, the
    /// centre, sends a level ball back level; the Atari 2600's CPU aims on the upper half and returns it upwards.
    /// </summary>
    public int OpponentAim { get; init; } = PongLayout.PaddleHeight / 2;
    /// <summary>The agent's paddle speed while UP or DOWN is held.</summary>
    public int AgentSpeed { get; init; } = 56;
    /// <summary>Horizontal ball speeds, raised one level after every <see cref="HitsPerSpeedUp"/> paddle hits.</summary>
    public int[] BallSpeeds { get; init; } = [24, 32, 40, 48];
    public int HitsPerSpeedUp { get; init; } = 4;
    /// <summary>Vertical speed per pixel of distance between the ball's and the paddle's centres.</summary>
    public int AnglePerPixel { get; init; } = 5;
    /// <summary>Frames between a point and the next serve.</summary>
    public int ServeDelay { get; init; } = 30;

    public void Validate()
    {
        if (PointsToWin is < 1 or > 99) throw new ArgumentException($"points_to_win {PointsToWin} is outside [1, 99]");
        if (OpponentSpeed is < 0 or > 256) throw new ArgumentException($"opponent_speed {OpponentSpeed} is outside [0, 256]");
        if (OpponentSkipEvery is < 0 or > 1000 or 1) throw new ArgumentException($"opponent_skip_every {OpponentSkipEvery} must be 0 or in [2, 1000]");
        if (OpponentAim is < 0 or >= PongLayout.PaddleHeight) throw new ArgumentException($"opponent_aim {OpponentAim} is outside [0, {PongLayout.PaddleHeight - 1}]");
        if (BallSpeeds.Length == 0 || BallSpeeds.Any(s => s is < 1 or > 60)) throw new ArgumentException("ball speeds must be in [1, 60]");
    }
}
