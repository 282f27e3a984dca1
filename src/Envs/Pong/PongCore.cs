using RlLab.Envs.Spaces;
using RlLab.Sim;
using RlLab.Sim.Pong;

namespace RlLab.Envs.Pong;

/// <summary>
/// What the Pong envs share: the game, frameskip with sticky actions, no-op starts and the time-out.
/// <see cref="Advance"/> runs one agent step and tells which frames to draw: the step's last frame,
/// and with max pooling also the one before.
/// </summary>
public sealed class PongCore
{
    readonly PongEnvConfig _config;
    Rng _rng;
    PongAction _previous, _previousOpponent;
    long _frames;

    public PongCore(PongEnvConfig config)
    {
        _config = config;
        config.Game.Validate();
        Game = new PongGame(config.Game);
    }

    public PongEnvConfig Config => _config;
    public PongGame Game { get; }
    public static Discrete ActionSpace { get; } = new(6);
    public int LastReward { get; private set; }

    /// <summary>Starts a game, then plays the no-op start.</summary>
    public void Reset(int? seed)
    {
        if (seed is int s) _rng = new Rng((ulong)(uint)s * 0x9E3779B97F4A7C15UL + 1);
        Game.Reset(_rng.NextUInt64());
        _previous = _previousOpponent = PongAction.Noop;
        Game.OpponentControl = null;
        _frames = 0;
        LastReward = 0;
        int noops = _config.NoopMax > 0 ? _rng.NextInt(_config.NoopMax + 1) : 0;
        for (int i = 0; i < noops * _config.Frameskip; i++) Game.Frame(PongAction.Noop);
        _frames = Game.Frames;
    }

    /// <summary>
    /// Runs one agent step. With max pooling (frameskip of 2 or more), <paramref name="sink"/> is asked to
    /// draw the second-to-last frame before the last one is played; <paramref name="pooled"/> says it was.
    /// <paramref name="opponentAction"/>, when given, moves the left paddle in place of the built-in
    /// opponent, with the same frameskip and sticky actions as the agent's.
    /// </summary>
    public StepResult Advance(int action, IFrameSink sink, out bool pooled, PongAction? opponentAction = null)
    {
        if ((uint)action > 5) throw new ArgumentOutOfRangeException(nameof(action), $"Pong actions are 0..5, got {action}");
        int skip = _config.Frameskip;
        pooled = false;
        int reward = 0;
        for (int f = 0; f < skip; f++)
        {
            var a = (PongAction)action;
            // ALE's sticky actions: each frame keeps the previous frame's action with this probability.
            if (_config.StickyActions > 0 && _rng.NextDouble() < _config.StickyActions) a = _previous;
            _previous = a;
            if (opponentAction is PongAction o)
            {
                if (_config.StickyActions > 0 && _rng.NextDouble() < _config.StickyActions) o = _previousOpponent;
                _previousOpponent = o;
                Game.OpponentControl = o;
            }
            reward += Game.Frame(a);
            _frames++;
            if (Game.GameOver || _frames >= _config.MaxFrames) break;
            if (f == skip - 2 && _config.MaxPool)
            {
                sink.DrawBeforeLast();
                pooled = true;
            }
        }
        LastReward = reward;
        bool terminated = Game.GameOver;
        return new StepResult(reward, terminated, !terminated && _frames >= _config.MaxFrames);
    }

    /// <summary>The game's points, and the share of them the agent won (the MIT lab's progress metric).</summary>
    public void FillEpisodeInfo(ref EpisodeInfo info)
    {
        int won = Game.AgentScore, lost = Game.OpponentScore;
        info.AddMetric("points_won", won);
        info.AddMetric("points_lost", lost);
        info.AddMetric("point_share", won + lost == 0 ? 0.5 : won / (double)(won + lost));
    }

    /// <summary>What an evaluation of Pong reports beside the score difference.</summary>
    public static IReadOnlyList<MetricSummary> EvaluationSummaries { get; } =
    [
        new("mean_point_share", "point_share", MetricAggregate.Mean, "share of points won", "{0:P0}"),
    ];
}

/// <summary>Lets <see cref="PongCore"/> ask an env to draw a frame in the middle of a step.</summary>
public interface IFrameSink
{
    void DrawBeforeLast();
}
