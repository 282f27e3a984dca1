using RlLab.Envs.Registry;
using RlLab.Sim.Pong;

namespace RlLab.Envs.Pong;

/// <summary>What the Pong env shows the agent.</summary>
public enum PongObservation
{
    /// <summary>The full 210×160 RGB Atari frame.</summary>
    Rgb,
    /// <summary>The MIT preprocessing drawn directly at 80×80 (binary, 0 or 255); equals mit_preprocess on Rgb.</summary>
    Mit,
    /// <summary>The MIT image max-pooled 2×2 to 40×40 (binary): a small input where the ball stays a lit pixel.</summary>
    Small,
    /// <summary>The MIT image mean-pooled 2×2 to 40×40: the lit share of each block, so positions inside a block survive.</summary>
    SmallMean,
    /// <summary>The MIT crop drawn at 40×40 through a tent filter (anti-aliased): positions inside a pixel survive as shares of light.</summary>
    SmallAa,
    /// <summary>The MIT image max-pooled over column pairs only, to 80 rows × 40 columns: the vertical detail that decides a bounce, at half the pixels.</summary>
    Tall,
    /// <summary>Floats: ball x, y, vx, vy, agent paddle y, opponent paddle y, ball in play.</summary>
    State,
}

/// <summary>Who holds the left paddle.</summary>
public enum PongOpponentKind
{
    /// <summary>The built-in opponent (the default).</summary>
    Builtin,
    /// <summary>A second policy, attached to the env as an <see cref="IPongOpponent"/> (a match, self-play).</summary>
    Policy,
}

/// <summary>The env options of <c>Pong</c> (see docs/pong.md).</summary>
public sealed record PongEnvConfig
{
    public PongObservation Observation { get; init; } = PongObservation.Rgb;
    /// <summary>Frames per agent step (Atari: 4, MIT: 5).</summary>
    public int Frameskip { get; init; } = 4;
    /// <summary>The observation is the per-pixel maximum of the step's last two frames (Atari's flicker fix).</summary>
    public bool MaxPool { get; init; } = true;
    /// <summary>Each frame repeats the previous action with this probability (ALE v5: 0.25).</summary>
    public double StickyActions { get; init; } = 0.25;
    /// <summary>At reset, a random number of NOOP steps in [0, noop_max].</summary>
    public int NoopMax { get; init; }
    /// <summary>The episode is truncated after this many frames (ALE: 108 000).</summary>
    public int MaxFrames { get; init; } = 108_000;
    public PongConfig Game { get; init; } = new();
    public PongOpponentKind Opponent { get; init; } = PongOpponentKind.Builtin;
    /// <summary>`observation: state` only: positions rounded to blocks of this many screen pixels (4: `small`'s resolution).</summary>
    public int StateGrid { get; init; } = 1;
    /// <summary>`observation: state` only: false writes 0 for the ball's velocity (a picture shows none; stack frames to see motion).</summary>
    public bool StateVelocity { get; init; } = true;

    /// <summary>The option that says who holds the left paddle, and its two values.</summary>
    public const string OpponentOption = "opponent", BuiltinOpponent = "builtin", PolicyOpponent = "policy";

    public static readonly string[] Keys =
        ["observation", "frameskip", "max_pool", "sticky_actions", "noop_max", "max_frames", "points_to_win", "opponent_speed", "opponent_skip_every", "opponent_aim", OpponentOption, "state_grid", "state_velocity"];

    public static PongEnvConfig FromOptions(EnvOptions o)
    {
        var defaults = new PongEnvConfig();
        string obs = o.GetChoice("observation", "rgb", "rgb", "mit", "small", "small_mean", "small_aa", "tall", "state");
        var game = new PongConfig
        {
            PointsToWin = o.GetInt("points_to_win", defaults.Game.PointsToWin, 1, 99),
            // Given in pixels per frame; the game counts sixteenths.
            OpponentSpeed = (int)Math.Round(o.GetDouble("opponent_speed", defaults.Game.OpponentSpeed / 16.0, 0, 16) * 16),
            OpponentSkipEvery = o.GetInt("opponent_skip_every", defaults.Game.OpponentSkipEvery, 0, 1000),
            OpponentAim = o.GetInt("opponent_aim", defaults.Game.OpponentAim, 0, PongLayout.PaddleHeight - 1),
        };
        if (game.OpponentSkipEvery == 1) throw new EnvOptionException("opponent_skip_every", "opponent_skip_every must be 0 (never) or at least 2");
        int stateGrid = o.GetInt("state_grid", defaults.StateGrid, 1, 16);
        bool stateVelocity = o.GetBool("state_velocity", defaults.StateVelocity);
        if (obs != "state" && (stateGrid != defaults.StateGrid || stateVelocity != defaults.StateVelocity))
            throw new EnvOptionException(stateGrid != defaults.StateGrid ? "state_grid" : "state_velocity", $"state_grid and state_velocity shape the state vector; observation is {obs}");
        return new PongEnvConfig
        {
            Observation = obs switch { "mit" => PongObservation.Mit, "small" => PongObservation.Small, "small_mean" => PongObservation.SmallMean, "small_aa" => PongObservation.SmallAa, "tall" => PongObservation.Tall, "state" => PongObservation.State, _ => PongObservation.Rgb },
            Frameskip = o.GetInt("frameskip", defaults.Frameskip, 1, 64),
            MaxPool = o.GetBool("max_pool", defaults.MaxPool),
            StickyActions = o.GetDouble("sticky_actions", defaults.StickyActions, 0, 1),
            NoopMax = o.GetInt("noop_max", defaults.NoopMax, 0, 1000),
            MaxFrames = o.GetInt("max_frames", defaults.MaxFrames, 1),
            Game = game,
            StateGrid = stateGrid,
            StateVelocity = stateVelocity,
            Opponent = o.GetChoice(OpponentOption, BuiltinOpponent, BuiltinOpponent, PolicyOpponent) == PolicyOpponent ? PongOpponentKind.Policy : PongOpponentKind.Builtin,
        };
    }
}
