using RlLab.Envs.Pong;
using RlLab.Envs.Registry;
using RlLab.Envs.Wrappers;
using RlLab.Sim;
using RlLab.Sim.Pong;

namespace RlLab.Envs.Tests.Pong;

public class PongEnvTests
{
    static EnvOptions Options(params (string Key, object Value)[] values) =>
        new(values.ToDictionary(v => v.Key, v => (object?)v.Value));

    [Fact]
    public void The_registry_builds_the_three_observations_with_six_actions()
    {
        IEnv rgb = EnvRegistry.Default.Make("Pong");
        Assert.Equal([210, 160, 3], rgb.ObservationSpace.Shape);
        Assert.Equal(6, ((RlLab.Envs.Spaces.Discrete)rgb.ActionSpace).N);
        Assert.Equal([80, 80, 1], EnvRegistry.Default.Make("Pong", Options(("observation", "mit"))).ObservationSpace.Shape);
        Assert.IsType<PongStateEnv>(EnvRegistry.Default.Make("Pong", Options(("observation", "state"))));
        var e = Assert.Throws<EnvOptionException>(() => EnvRegistry.Default.Make("Pong", Options(("frameskp", "4"))));
        Assert.Equal("frameskp", e.Key);
        Assert.Throws<EnvOptionException>(() => EnvRegistry.Default.Make("Pong", Options(("opponent_skip_every", "1"))));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void A_step_plays_frameskip_frames(int skip)
    {
        var env = new PongStateEnv(new PongEnvConfig { Frameskip = skip, StickyActions = 0 });
        var obs = new float[PongStateEnv.Size];
        env.Reset(obs, 1);
        long start = env.Game.Frames;
        for (int i = 0; i < 10; i++) env.Step([2], obs);
        Assert.Equal(start + 10 * skip, env.Game.Frames);
    }

    [Fact]
    public void Sticky_actions_repeat_the_previous_action()
    {
        // With probability 1 the first action (NOOP, from the reset) sticks forever: the paddle never moves.
        var env = new PongStateEnv(new PongEnvConfig { StickyActions = 1 });
        var obs = new float[PongStateEnv.Size];
        env.Reset(obs, 1);
        int y = env.Game.AgentY;
        for (int i = 0; i < 20; i++) env.Step([2], obs);
        Assert.Equal(y, env.Game.AgentY);

        // At 0.25 some frames keep the old action: pressing UP then DOWN moves less than without.
        int Moved(double p)
        {
            var e = new PongStateEnv(new PongEnvConfig { StickyActions = p, Frameskip = 1 });
            e.Reset(obs, 3);
            int total = 0;
            for (int i = 0; i < 400; i++)
            {
                int before = e.Game.AgentY;
                e.Step([i % 2 == 0 ? 2 : 3], obs);
                total += Math.Abs(e.Game.AgentY - before);
            }
            return total;
        }
        Assert.True(Moved(0.25) < Moved(0));
    }

    [Fact]
    public void No_op_starts_vary_the_first_frame()
    {
        var env = new PongStateEnv(new PongEnvConfig { NoopMax = 30 });
        var obs = new float[PongStateEnv.Size];
        var starts = new HashSet<long>();
        for (int s = 0; s < 10; s++)
        {
            env.Reset(obs, s);
            starts.Add(env.Game.Frames);
            Assert.InRange(env.Game.Frames, 0, 30 * 4);
        }
        Assert.True(starts.Count > 3);
    }

    [Theory]
    [InlineData(5, false)]   // MIT: frameskip 5
    [InlineData(4, true)]    // Atari: frameskip 4, max over the last two frames
    public void The_fast_mit_path_equals_the_full_pipeline(int skip, bool maxPool)
    {
        var config = new PongEnvConfig { Frameskip = skip, MaxPool = maxPool, StickyActions = 0.25, NoopMax = 10 };
        var fast = new PongEnv(config with { Observation = PongObservation.Mit });
        var full = new MitPreprocess(new PongEnv(config with { Observation = PongObservation.Rgb }));
        var a = new byte[6400];
        var b = new byte[6400];
        var rng = new Rng(7);
        int lit = 0;
        for (int episode = 0; episode < 2; episode++)
        {
            fast.Reset(a, 10 + episode);
            full.Reset(b, 10 + episode);
            Assert.Equal(a, b);
            for (int t = 0; t < 600; t++)
            {
                float action = rng.NextInt(6);
                StepResult ra = fast.Step([action], a), rb = full.Step([action], b);
                Assert.Equal(ra, rb);
                Assert.True(a.AsSpan().SequenceEqual(b), $"step {t}: the fast path differs");
                lit += a.Count(p => p != 0);
                if (ra.Done) break;
            }
        }
        Assert.True(lit > 0, "the paddles and the ball are drawn");
    }

    [Theory]
    [InlineData(4, true)]
    [InlineData(5, false)]
    public void The_small_image_is_the_mit_image_max_pooled_and_keeps_the_ball(int skip, bool maxPool)
    {
        var config = new PongEnvConfig { Frameskip = skip, MaxPool = maxPool, StickyActions = 0.25 };
        var small = new PongEnv(config with { Observation = PongObservation.Small });
        var mit = new PongEnv(config with { Observation = PongObservation.Mit });
        Assert.Equal(new[] { 40, 40, 1 }, small.ObservationSpace.Shape);
        var s = new byte[40 * 40];
        var m = new byte[80 * 80];
        var rng = new Rng(3);
        small.Reset(s, 5);
        mit.Reset(m, 5);
        int inPlay = 0;
        for (int t = 0; t < 500; t++)
        {
            float action = rng.NextInt(6);
            Assert.Equal(small.Step([action], s), mit.Step([action], m));
            for (int i = 0; i < 40; i++)
                for (int j = 0; j < 40; j++)
                {
                    byte expected = Math.Max(Math.Max(m[2 * i * 80 + 2 * j], m[2 * i * 80 + 2 * j + 1]), Math.Max(m[(2 * i + 1) * 80 + 2 * j], m[(2 * i + 1) * 80 + 2 * j + 1]));
                    Assert.True(expected == s[i * 40 + j], $"step {t}: pixel ({i}, {j}) is {s[i * 40 + j]}, the pooled MIT image has {expected}");
                }
            // The ball, wherever it is on the playfield between the paddles, is a lit pixel away from the paddles' columns.
            PongGame g = small.Game;
            if (g.BallInPlay && g.BallX >= 24 && g.BallX < 136 && g.BallY >= 36 && g.BallY < 190)
            {
                inPlay++;
                int row = (g.BallY - MitFrames.CropTop) / 4, col = g.BallX / 4;
                bool lit = false;
                for (int di = -1; di <= 1; di++)
                    for (int dj = -1; dj <= 1; dj++)
                        lit |= s[Math.Clamp(row + di, 0, 39) * 40 + Math.Clamp(col + dj, 0, 39)] != 0;
                Assert.True(lit, $"step {t}: the ball at ({g.BallX}, {g.BallY}) is not drawn");
            }
        }
        Assert.True(inPlay > 100, $"the ball was in play for only {inPlay} steps");
    }

    [Fact]
    public void The_small_mean_image_is_the_lit_share_of_each_mit_block_and_tells_positions_inside_a_block_apart()
    {
        var config = new PongEnvConfig { Frameskip = 4, MaxPool = true, StickyActions = 0.25 };
        var mean = new PongEnv(config with { Observation = PongObservation.SmallMean });
        var small = new PongEnv(config with { Observation = PongObservation.Small });
        var mit = new PongEnv(config with { Observation = PongObservation.Mit });
        Assert.Equal(new[] { 40, 40, 1 }, mean.ObservationSpace.Shape);
        var a = new byte[40 * 40];
        var s = new byte[40 * 40];
        var m = new byte[80 * 80];
        var rng = new Rng(11);
        mean.Reset(a, 13);
        small.Reset(s, 13);
        mit.Reset(m, 13);
        int partial = 0;
        for (int t = 0; t < 400; t++)
        {
            float action = rng.NextInt(6);
            StepResult r = mean.Step([action], a);
            Assert.Equal(r, mit.Step([action], m));
            Assert.Equal(r, small.Step([action], s));
            for (int i = 0; i < 40; i++)
                for (int j = 0; j < 40; j++)
                {
                    int lit = (m[2 * i * 80 + 2 * j] + m[2 * i * 80 + 2 * j + 1] + m[(2 * i + 1) * 80 + 2 * j] + m[(2 * i + 1) * 80 + 2 * j + 1]) / 255;
                    byte expected = (byte)(lit * 255 / 4);
                    Assert.True(expected == a[i * 40 + j], $"step {t}: pixel ({i}, {j}) is {a[i * 40 + j]}, {lit} of its MIT pixels are lit");
                    // Lit where the max pool is lit, never dimmer than one MIT pixel in four.
                    Assert.Equal(s[i * 40 + j] != 0, a[i * 40 + j] >= 63);
                    if (a[i * 40 + j] is > 0 and < 255) partial++;
                }
        }
        Assert.True(partial > 400, $"only {partial} partly lit pixels: the pool carries no position inside a block");
    }

    [Fact]
    public void The_state_on_a_grid_holds_what_a_picture_of_that_resolution_shows_and_no_velocity()
    {
        var options = Options(("observation", "state"), ("state_grid", 4), ("state_velocity", false));
        var coarse = (PongStateEnv)EnvRegistry.Default.Make("Pong", options);
        var exact = (PongStateEnv)EnvRegistry.Default.Make("Pong", Options(("observation", "state")));
        var c = new float[PongStateEnv.Size];
        var e = new float[PongStateEnv.Size];
        coarse.Reset(c, 5);
        exact.Reset(e, 5);
        var rng = new Rng(3);
        var ballXs = new HashSet<float>();
        for (int t = 0; t < 300; t++)
        {
            float action = rng.NextInt(6);
            Assert.Equal(exact.Step([action], e), coarse.Step([action], c));
            PongGame g = coarse.Game;
            Assert.Equal(0, c[2]);
            Assert.Equal(0, c[3]);
            // Positions sit on a block's centre, within half a block of the exact one.
            Assert.Equal((g.BallX / 4 * 4 + 2 - PongLayout.Width / 2f) / 80, c[0], 5);
            foreach (int k in new[] { 0, 1, 4, 5 }) Assert.InRange(c[k] - e[k], -2.5f / 80, 2.5f / 80);
            Assert.Equal(e[6], c[6]);
            ballXs.Add(c[0]);
        }
        Assert.True(ballXs.Count > 5, "the ball moved across blocks");
        Assert.Throws<EnvOptionException>(() => PongEnvConfig.FromOptions(Options(("observation", "state"), ("state_grid", 0))));
        var refused = Assert.Throws<EnvOptionException>(() => PongEnvConfig.FromOptions(Options(("observation", "small_aa"), ("state_grid", 4))));
        Assert.Contains("observation is small_aa", refused.Message);
    }

    [Fact]
    public void The_anti_aliased_image_keeps_the_ball_position_to_a_screen_pixel_where_the_max_pool_keeps_it_to_four()
    {
        var game = new PongGame();
        game.Reset(1);
        var aa = new byte[40 * 40];
        var small = new PongPixelObserver(PongObservation.Small, mirrored: false);
        var pooled = new byte[40 * 40];
        var seen = new HashSet<string>();
        var smallSeen = new HashSet<string>();
        double? light = null;
        // The paddles out of the way; the ball moved a pixel at a time across two blocks each way.
        for (int dy = 0; dy < 8; dy++)
            for (int dx = 0; dx < 8; dx++)
            {
                float x = 60 + dx, y = 100 + dy;
                game.SetState(x, y, 0, 0, 40, 40);
                SmoothFrames.Render(game, aa, mirrored: false);
                small.Write(game, pooled, pooled: false);
                seen.Add(Convert.ToBase64String(aa));
                smallSeen.Add(Convert.ToBase64String(pooled));
                // Only the ball's light, inside the columns the paddles do not reach.
                double sum = 0, cx = 0, cy = 0, peak = 0;
                for (int i = 0; i < 40; i++)
                    for (int j = 8; j < 32; j++)
                    {
                        double v = aa[i * 40 + j];
                        peak = Math.Max(peak, v);
                        sum += v;
                        cx += v * j;
                        cy += v * i;
                    }
                // The tent reproduces a straight line: the light's centroid is the ball's centre in block units.
                Assert.InRange(cx / sum, (x + 1 - 2) / 4 - 0.03, (x + 1 - 2) / 4 + 0.03);
                Assert.InRange(cy / sum, (y + 2 - SmoothFrames.CropTop - 2) / 4 - 0.03, (y + 2 - SmoothFrames.CropTop - 2) / 4 + 0.03);
                light ??= sum;
                Assert.InRange(sum, light.Value * 0.97, light.Value * 1.03); // the ball's light is conserved, only shared
                Assert.True(peak >= 90, $"the ball's brightest pixel is {peak}"); // 251 centred in a block, 95 split across four
            }
        Assert.Equal(64, seen.Count);
        Assert.True(smallSeen.Count <= 16, $"the max pool told {smallSeen.Count} of the 64 positions apart");

        // Through the env: the right shape, and the max pool of the step's last two frames.
        var env = new PongEnv(new PongEnvConfig { Observation = PongObservation.SmallAa, Frameskip = 4, MaxPool = true });
        Assert.Equal([40, 40, 1], env.ObservationSpace.Shape);
        var obs = new byte[40 * 40];
        env.Reset(obs, 3);
        int lit = 0;
        for (int t = 0; t < 200; t++)
        {
            env.Step([2 + t / 20 % 2], obs);
            lit += obs.Count(v => v > 0);
        }
        Assert.True(lit > 200 * 12, $"{lit} lit pixels in 200 steps: the paddles and the ball are drawn");
    }

    [Fact]
    public void The_tall_image_is_the_mit_image_pooled_over_column_pairs_with_every_row()
    {
        var config = new PongEnvConfig { Frameskip = 4, MaxPool = true, StickyActions = 0.25 };
        var tall = new PongEnv(config with { Observation = PongObservation.Tall });
        var mit = new PongEnv(config with { Observation = PongObservation.Mit });
        Assert.Equal(new[] { 80, 40, 1 }, tall.ObservationSpace.Shape);
        var s = new byte[80 * 40];
        var m = new byte[80 * 80];
        var rng = new Rng(7);
        tall.Reset(s, 9);
        mit.Reset(m, 9);
        int lit = 0;
        for (int t = 0; t < 300; t++)
        {
            float action = rng.NextInt(6);
            Assert.Equal(tall.Step([action], s), mit.Step([action], m));
            for (int i = 0; i < 80; i++)
                for (int j = 0; j < 40; j++)
                {
                    byte expected = Math.Max(m[i * 80 + 2 * j], m[i * 80 + 2 * j + 1]);
                    Assert.True(expected == s[i * 40 + j], $"step {t}: pixel ({i}, {j}) is {s[i * 40 + j]}, the pooled MIT image has {expected}");
                }
            lit += s.Count(p => p != 0);
        }
        Assert.True(lit > 0, "the paddles and the ball are drawn");
    }

    [Fact]
    public void Max_pooling_shows_the_ball_at_both_of_the_last_two_frames()
    {
        var game = new PongEnv(new PongEnvConfig { Frameskip = 4, MaxPool = true, StickyActions = 0 });
        var obs = new byte[210 * 160 * 3];
        game.Reset(obs, 1);
        // Wait for the serve, then count the ball's white pixels in the playfield: two positions, 8 or more.
        int white = 0;
        for (int t = 0; t < 40 && white == 0; t++)
        {
            game.Step([0], obs);
            if (!game.Game.BallInPlay || Math.Abs(game.Game.BallVx) < 1) continue;
            white = 0;
            for (int y = 34; y < 194; y++)
                for (int x = 0; x < 160; x++)
                    if (obs[(y * 160 + x) * 3 + 1] == 236) white++;
        }
        Assert.InRange(white, 9, 16);   // one ball is 8 pixels; two overlapping positions make more
    }

    [Fact]
    public void A_seed_replays_the_same_game()
    {
        static (float Return, long Frames) Play(int seed)
        {
            var env = new PongStateEnv(new PongEnvConfig { NoopMax = 30 });
            var obs = new float[PongStateEnv.Size];
            env.Reset(obs, seed);
            var rng = new Rng(42);
            float total = 0;
            while (true)
            {
                StepResult r = env.Step([rng.NextInt(6)], obs);
                total += r.Reward;
                if (r.Done) return (total, env.Game.Frames);
            }
        }
        Assert.Equal(Play(3), Play(3));
        Assert.NotEqual(Play(3).Frames, Play(4).Frames);
    }

    [Fact]
    public void A_random_agent_loses_about_minus_21()
    {
        var env = new PongStateEnv(new PongEnvConfig());
        var obs = new float[PongStateEnv.Size];
        var rng = new Rng(1);
        double sum = 0;
        for (int game = 0; game < 3; game++)
        {
            env.Reset(obs, game);
            float total = 0;
            while (true)
            {
                StepResult r = env.Step([rng.NextInt(6)], obs);
                total += r.Reward;
                if (r.Done) break;
            }
            Assert.True(env.Game.OpponentScore == 21);
            sum += total;
        }
        Assert.InRange(sum / 3, -21, -19);
    }

    [Fact]
    public void A_tracking_agent_beats_the_built_in_opponent()
    {
        // Proof that the opponent is beatable: follow the ball and meet it 4 px off the paddle's centre,
        // away from the nearer wall, for a steeper return than the opponent's capped speed can follow.
        var env = new PongStateEnv(new PongEnvConfig { StickyActions = 0 });
        var obs = new float[PongStateEnv.Size];
        float total = 0;
        for (int seed = 0; seed < 3; seed++)
        {
            env.Reset(obs, seed);
            while (true)
            {
                var g = env.Game;
                float target = g.BallY + 2 - 8 + (g.BallY < 114 ? 4 : -4);
                float action = !g.BallInPlay ? 0 : g.AgentY > target + 2 ? 2 : g.AgentY < target - 2 ? 3 : 0;
                StepResult r = env.Step([action], obs);
                total += r.Reward;
                if (r.Done) break;
            }
        }
        Assert.True(total > 0, $"the scripted agent scored {total} over 3 games");
    }
}

public class PongAllocationTests
{
    [Theory]
    [InlineData("mit", "frame_difference")]
    [InlineData("rgb", "atari_preprocess")]
    [InlineData("rgb", "mit_preprocess")]
    public void Pong_stacks_step_without_allocating(string observation, string wrapper)
    {
        var options = new EnvOptions(new Dictionary<string, object?> { ["observation"] = observation, ["noop_max"] = "5", ["points_to_win"] = "2" });
        using IEnv<byte> env = new EnvStack("Pong", options, [new WrapperSpec(wrapper)]).Make<byte>();
        var obs = new byte[env.ObservationSpace.FlatSize];
        float[][] actions = [[0f], [2f], [3f]];
        env.Reset(obs, 0);
        void Run(int steps)
        {
            for (int t = 0; t < steps; t++)
                if (env.Step(actions[t % 3], obs).Done) env.Reset(obs);
        }
        Run(500);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(1000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
