using RlLab.Envs.Registry;

namespace RlLab.Envs.Pong;

/// <summary>Pong's reference page (docs/envs/pong.md, `rllab envs Pong`). The game itself: docs/pong.md.</summary>
public static class PongDoc
{
    static EnvVariant V(string label, params (string Key, object? Value)[] options) =>
        new(label, options.ToDictionary(o => o.Key, o => o.Value));

    public static EnvDoc Create() => new()
    {
        Description = "A native, ROM-free Atari Pong (src/Sim/Pong): ALE's 210×160 RGB layout and colours, the " +
            "opponent's paddle on the left, the agent's on the right, games to 21 points. The built-in opponent follows " +
            "the ball at a capped speed, stands still on every 8th frame and realigns that count on wall bounces. " +
            "The game runs in integer sixteenths of a pixel, so a seed replays the same game everywhere. It is the " +
            "MIT 6.S191 lab's second task. Rules and preprocessing wrappers: docs/pong.md.",
        Variants =
        [
            V("default (`observation: rgb`)"),
            V("`observation: mit`", ("observation", "mit")),
            V("`observation: small`", ("observation", "small")),
            V("`observation: small_mean`", ("observation", "small_mean")),
            V("`observation: tall`", ("observation", "tall")),
            V("`observation: state`", ("observation", "state")),
            V("`observation: small_aa`", ("observation", "small_aa")),
        ],
        Actions =
        [
            new EnvDocBlock(null, "ALE's 6 actions, as the index in one float: 0 NOOP, 1 FIRE, 2 RIGHT (up), 3 LEFT (down), " +
                "4 RIGHTFIRE (up), 5 LEFTFIRE (down). The paddle moves 3.5 px a frame while up or down is held; FIRE does nothing in Pong."),
        ],
        Observations =
        [
            new EnvDocBlock("`observation: rgb` (default)", "The 210×160×3 RGB frame as bytes (HWC); with `max_pool` the " +
                "per-pixel maximum of the step's last two frames."),
            new EnvDocBlock("`observation: mit`", "The MIT lab's preprocessing drawn directly at 80×80×1 bytes " +
                "(0 background, 255 paddles and ball); equal, pixel for pixel, to `mit_preprocess` on the RGB frame.", Variant: 1),
            new EnvDocBlock("`observation: small`", "The MIT image max-pooled 2×2 to 40×40×1 bytes: each pixel is lit when any of its " +
                "four MIT pixels is, so the ball stays one lit pixel and a paddle a 1×4 bar. The CPU recipe's input (docs/pong.md).", Variant: 2),
            new EnvDocBlock("`observation: small_mean`", "The MIT image mean-pooled 2×2 to 40×40×1 bytes: each pixel holds the lit share " +
                "of its four MIT pixels (0, 63, 127, 191 or 255), so the ball is never dimmer than 63 and where it and a paddle's ends " +
                "sit inside a block (2 screen pixels a step) survives the pooling, at `small`'s size.", Variant: 3),
            new EnvDocBlock("`observation: tall`", "The MIT image max-pooled over column pairs to 80 rows × 40 columns × 1 byte: " +
                "the MIT image's full vertical detail (2 screen pixels a row, where a paddle's hit point decides the bounce) at half its pixels.", Variant: 4),
            new EnvDocBlock("`observation: small_aa`", "The MIT crop (rows 35..194) drawn at 40×40×1 bytes through a tent filter " +
                "(anti-aliased: a screen pixel lights the blocks within 4 pixels of it, by 1 − distance/4), so a one-pixel move of the ball " +
                "or a paddle's end changes how its light splits between neighbouring pixels: positions survive to a screen pixel at " +
                "`small`'s size. The ball is drawn near full brightness, a paddle's middle saturates.", Variant: 6),
            new EnvDocBlock("`observation: state`", "Floats for fast tests; positions are centred on the playfield and divided by 80 px.",
            [
                new("ball_x", "1/80 px"),
                new("ball_y", "1/80 px"),
                new("ball_vx", "px/frame / 4"),
                new("ball_vy", "px/frame / 4"),
                new("agent_y", "1/80 px", "agent paddle centre"),
                new("opponent_y", "1/80 px", "opponent paddle centre"),
                new("in_play", "", "1 while the ball is in play"),
                new("ball_minus_agent", "1/80 px", "ball y − agent paddle centre"),
            ], Variant: 5),
        ],
        Reward = "+1 when the ball leaves on the opponent's side, −1 when it leaves on the agent's, summed over the " +
            "frames of a step; the return of a game is the score difference (−21 to +21).",
        StartState = "Scores 0–0; the ball is served from the centre at a random gentle angle, from the env's RNG " +
            "(re-seeded by `Reset(seed)`), after `noop_max` random NOOP steps at most.",
        Termination = "a side reaches `points_to_win` (21): the game is over.",
        Truncation = "after `max_frames` frames (ALE's 108 000).",
        Options =
        [
            new EnvOptionDoc("observation", "rgb", "rgb, mit, small, small_mean, small_aa, tall, state", "What the agent sees.", OptionRole.Interface),
            new EnvOptionDoc("frameskip", "4", "1–64", "Frames per agent step (MIT: 5, Atari: 4); rewards are summed.", OptionRole.Interface),
            new EnvOptionDoc("max_pool", "true", "true, false", "The observation is the per-pixel max of the step's last two frames.", OptionRole.Interface),
            new EnvOptionDoc("sticky_actions", "0.25", "0–1", "Each frame keeps the previous frame's action with this probability (ALE v5)."),
            new EnvOptionDoc("noop_max", "0", "0–1000", "At reset, a random number of NOOP steps in [0, noop_max] (the Atari recipe: 30)."),
            new EnvOptionDoc("max_frames", "108000", "≥ 1", "Frames before the game is truncated."),
            new EnvOptionDoc("points_to_win", "21", "1–99", "A shorter game, e.g. 3 for tests."),
            new EnvOptionDoc("opponent_speed", "2", "0–16 px/frame", "The built-in opponent's top speed (lower: easier)."),
            new EnvOptionDoc("opponent_skip_every", "8", "0 or 2–1000", "The opponent stands still on every n-th frame; 0 never."),
            new EnvOptionDoc("opponent_aim", "8", "0–15 px", "The point of its paddle (from the top) the opponent aims at the ball: 8, the centre, returns a level ball level; " +
                "below 8 it hits the ball on its upper half, upwards, as the Atari 2600's CPU player does."),
            new EnvOptionDoc("opponent", "builtin", "builtin, policy", "Who holds the left paddle: the built-in opponent, or a second policy " +
                "that sees the game mirrored (a match: `rllab match`; the pong-league race)."),
            new EnvOptionDoc("state_grid", "1", "1–16 px", "`observation: state`: positions rounded to blocks of this many screen pixels " +
                "(4: what `small` shows), to measure what a picture's resolution costs."),
            new EnvOptionDoc("state_velocity", "true", "true, false", "`observation: state`: false writes 0 for the ball's velocity, as a " +
                "single picture shows none (stack frames to see motion)."),
        ],
        Info =
        [
            new EnvInfoDoc("return", "sum of the rewards: the score difference"),
            new EnvInfoDoc("length", "agent steps in the game"),
            new EnvInfoDoc("points_won", "the agent's points"),
            new EnvInfoDoc("points_lost", "the opponent's points"),
            new EnvInfoDoc("point_share", "points_won / (points_won + points_lost), 0.5 before any point: the MIT lab's progress metric; eval.json's mean_point_share"),
        ],
        Versions =
        [
            new EnvVersionDoc("1", "Native Atari Pong: ALE layout, 6 actions, frameskip, sticky actions, MIT and state observations."),
        ],
    };
}
