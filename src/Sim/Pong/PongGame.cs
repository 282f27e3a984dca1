using static RlLab.Sim.Pong.PongLayout;

namespace RlLab.Sim.Pong;

/// <summary>
/// The rules of Atari Pong, one frame per <see cref="Frame"/> call. Positions and speeds are
/// integers in sixteenths of a pixel, so a seed gives the same game everywhere; nothing allocates.
/// The ball bounces off the walls and the paddles; where it meets a paddle sets its vertical speed,
/// and the horizontal speed rises a level every few hits. The built-in opponent moves its paddle
/// toward the ball's height at a capped speed, stands still on every 8th frame of its own count,
/// and restarts that count at each wall bounce.
/// </summary>
public sealed class PongGame
{
    public const int Sub = 16;   // fixed-point units per pixel

    readonly PongConfig _config;
    Rng _rng;
    int _ballX, _ballY, _vx, _vy;      // ball top-left, fixed point
    int _agentY, _opponentY;           // paddle tops, fixed point
    int _hits, _serveTimer, _opponentCount, _serveTo;

    public PongGame(PongConfig? config = null)
    {
        _config = config ?? new PongConfig();
        _config.Validate();
        Reset(0);
    }

    public PongConfig Config => _config;
    public int AgentScore { get; private set; }
    public int OpponentScore { get; private set; }
    public bool GameOver => AgentScore >= _config.PointsToWin || OpponentScore >= _config.PointsToWin;
    /// <summary>True while the ball is in play (false between a point and the next serve).</summary>
    public bool BallInPlay => _serveTimer == 0;
    public long Frames { get; private set; }
    /// <summary>
    /// When set, a person (or a second policy) moves the left paddle with this action at the agent's
    /// speed instead of the built-in opponent (`rllab play pong --agent`).
    /// </summary>
    public PongAction? OpponentControl { get; set; }
    public int Hits => _hits;

    // Pixel positions for renderers (floor of the fixed-point values).
    public int BallX => _ballX >> 4;
    public int BallY => _ballY >> 4;
    public int AgentY => _agentY >> 4;
    public int OpponentY => _opponentY >> 4;
    /// <summary>The ball's left edge in sixteenths of a pixel.</summary>
    public int BallXFixed => _ballX;
    /// <summary>The opponent's paddle top in sixteenths of a pixel (its sub-pixel moves show here).</summary>
    public int OpponentYFixed => _opponentY;
    /// <summary>The ball's velocity in pixels per frame.</summary>
    public float BallVx => _vx / (float)Sub;
    public float BallVy => _vy / (float)Sub;

    /// <summary>Whether the opponent stands still on the next frame (its skip pattern).</summary>
    public bool OpponentSkipsNextFrame => _config.OpponentSkipEvery > 0 && (_opponentCount + 1) % _config.OpponentSkipEvery == 0;

    public void Reset(ulong seed)
    {
        _rng = new Rng(seed);
        AgentScore = OpponentScore = 0;
        Frames = 0;
        _agentY = _opponentY = ((FieldTop + FieldBottom - PaddleHeight) / 2) * Sub;
        _opponentCount = 0;
        _serveTo = _rng.NextInt(2) == 0 ? -1 : 1;
        StartServeDelay();
    }

    /// <summary>Places the ball and paddles directly (tests and scripted scenes).</summary>
    public void SetState(float ballX, float ballY, float vx, float vy, float agentY, float opponentY)
    {
        _ballX = (int)MathF.Round(ballX * Sub);
        _ballY = (int)MathF.Round(ballY * Sub);
        _vx = (int)MathF.Round(vx * Sub);
        _vy = (int)MathF.Round(vy * Sub);
        _agentY = (int)MathF.Round(agentY * Sub);
        _opponentY = (int)MathF.Round(opponentY * Sub);
        _serveTimer = 0;
    }

    /// <summary>Advances one frame; returns +1 when the agent scores, −1 when the opponent does, else 0.</summary>
    public int Frame(PongAction action)
    {
        Frames++;
        MoveAgent(action);
        MoveOpponent();
        if (_serveTimer > 0)
        {
            if (--_serveTimer == 0) Serve();
            return 0;
        }
        int prevX = _ballX;
        _ballX += _vx;
        _ballY += _vy;
        BounceOffWalls();
        BounceOffPaddles(prevX);

        if (_ballX + BallWidth * Sub <= 0)
        {
            AgentScore++;
            _serveTo = -1;
            StartServeDelay();
            return 1;
        }
        if (_ballX >= Width * Sub)
        {
            OpponentScore++;
            _serveTo = 1;
            StartServeDelay();
            return -1;
        }
        return 0;
    }

    void MoveAgent(PongAction action) => _agentY = ClampPaddle(_agentY + PaddleStep(action));

    int PaddleStep(PongAction action) => action switch
    {
        PongAction.Right or PongAction.RightFire => -_config.AgentSpeed,
        PongAction.Left or PongAction.LeftFire => _config.AgentSpeed,
        _ => 0,
    };

    void MoveOpponent()
    {
        if (OpponentControl is PongAction control)
        {
            _opponentY = ClampPaddle(_opponentY + PaddleStep(control));
            return;
        }
        int every = _config.OpponentSkipEvery;
        _opponentCount++;
        if (every > 0 && _opponentCount % every == 0) return;
        // Between points it heads for the middle, where the next serve starts.
        int target = BallInPlay
            ? _ballY + BallHeight * Sub / 2 - _config.OpponentAim * Sub
            : ((FieldTop + FieldBottom - PaddleHeight) / 2) * Sub;
        int step = Math.Clamp(target - _opponentY, -_config.OpponentSpeed, _config.OpponentSpeed);
        _opponentY = ClampPaddle(_opponentY + step);
    }

    void BounceOffWalls()
    {
        int top = FieldTop * Sub, bottom = (FieldBottom - BallHeight) * Sub;
        if (_ballY < top)
        {
            _ballY = 2 * top - _ballY;
            _vy = -_vy;
            _opponentCount = 0;   // the opponent realigns its skip pattern on every wall bounce
        }
        else if (_ballY > bottom)
        {
            _ballY = 2 * bottom - _ballY;
            _vy = -_vy;
            _opponentCount = 0;
        }
    }

    void BounceOffPaddles(int prevX)
    {
        int w = BallWidth * Sub;
        if (_vx > 0)
        {
            int face = AgentX * Sub;
            if (prevX + w <= face && _ballX + w > face && Overlaps(_agentY))
            {
                _ballX = 2 * (face - w) - _ballX;
                Deflect(_agentY, -1);
            }
        }
        else if (_vx < 0)
        {
            int face = (OpponentX + PaddleWidth) * Sub;
            if (prevX >= face && _ballX < face && Overlaps(_opponentY))
            {
                _ballX = 2 * face - _ballX;
                Deflect(_opponentY, 1);
            }
        }
    }

    bool Overlaps(int paddleY) => _ballY + BallHeight * Sub > paddleY && _ballY < paddleY + PaddleHeight * Sub;

    /// <summary>The vertical speed follows the distance from the paddle's centre; the ball speeds up every few hits.</summary>
    void Deflect(int paddleY, int direction)
    {
        _hits++;
        int offset = (_ballY + BallHeight * Sub / 2) - (paddleY + PaddleHeight * Sub / 2);
        _vy = Math.Clamp(offset * _config.AnglePerPixel / Sub, -4 * Sub, 4 * Sub);
        _vx = direction * Speed();
    }

    int Speed()
    {
        int[] speeds = _config.BallSpeeds;
        return speeds[Math.Min(_hits / Math.Max(1, _config.HitsPerSpeedUp), speeds.Length - 1)];
    }

    void StartServeDelay()
    {
        _serveTimer = Math.Max(1, _config.ServeDelay);
        _hits = 0;
        _vx = _vy = 0;
        _ballX = (Width / 2 - BallWidth / 2) * Sub;
        _ballY = ((FieldTop + FieldBottom - BallHeight) / 2) * Sub;
    }

    /// <summary>From the centre, toward the side that lost the last point, at a random gentle angle.</summary>
    void Serve()
    {
        _ballX = (Width / 2 - BallWidth / 2) * Sub;
        _ballY = (FieldTop + 20 + _rng.NextInt(FieldBottom - FieldTop - 40 - BallHeight)) * Sub;
        _vx = _serveTo * _config.BallSpeeds[0];
        _vy = (_rng.NextInt(5) - 2) * 8;
    }

    static int ClampPaddle(int y) => Math.Clamp(y, FieldTop * Sub, (FieldBottom - PaddleHeight) * Sub);
}
