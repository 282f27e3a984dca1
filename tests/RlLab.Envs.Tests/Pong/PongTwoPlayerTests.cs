using RlLab.Envs.Pong;
using RlLab.Envs.Registry;
using RlLab.Envs.Wrappers;
using RlLab.Sim.Pong;

namespace RlLab.Envs.Tests.Pong;

/// <summary>`opponent: policy`: a second player holds the left paddle and sees the game mirrored.</summary>
public sealed class PongTwoPlayerTests
{
    /// <summary>A game and its mirror image: the ball's x flipped, the paddles swapped, vx negated.</summary>
    static (PongGame Game, PongGame Mirror) Pair(float ballX, float ballY, float vx, float vy, float agentY, float opponentY)
    {
        var game = new PongGame();
        var mirror = new PongGame();
        game.SetState(ballX, ballY, vx, vy, agentY, opponentY);
        mirror.SetState(PongLayout.Width - PongLayout.BallWidth - ballX, ballY, -vx, vy, opponentY, agentY);
        return (game, mirror);
    }

    public static TheoryData<float, float, float, float> States => new()
    {
        { 30.3f, 60, 50, 120 },
        { 100, 150.6f, 34, 178 },
        { 137.9f, 40, 100, 60.2f },
        { 21, 177, 170, 40 },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void The_left_players_picture_is_the_mirrored_game_drawn_for_the_right(float ballX, float ballY, float agentY, float opponentY)
    {
        var (game, mirror) = Pair(ballX, ballY, 1.5f, 0.5f, agentY, opponentY);
        foreach (PongObservation kind in new[] { PongObservation.Rgb, PongObservation.Mit, PongObservation.Small, PongObservation.SmallMean, PongObservation.SmallAa, PongObservation.Tall })
        {
            var left = new PongPixelObserver(kind, mirrored: true);
            var right = new PongPixelObserver(kind, mirrored: false);
            var a = new byte[left.Size];
            var b = new byte[right.Size];
            left.Write(game, a, pooled: false);
            right.Write(mirror, b, pooled: false);
            Assert.True(a.AsSpan().SequenceEqual(b), $"{kind}: the mirrored picture differs");
            right.Write(game, b, pooled: false);
            Assert.False(a.AsSpan().SequenceEqual(b), $"{kind}: the mirrored picture is the plain one");
        }
        var s = new float[PongStateObserver.Size];
        var t = new float[PongStateObserver.Size];
        new PongStateObserver(mirrored: true).Write(game, s);
        new PongStateObserver(mirrored: false).Write(mirror, t);
        Assert.Equal(t, s);
    }

    [Fact]
    public void Policy_mode_without_a_second_player_is_a_clear_error()
    {
        var env = new PongStateEnv(new PongEnvConfig { Opponent = PongOpponentKind.Policy });
        var e = Assert.Throws<InvalidOperationException>(() => env.Reset(new float[PongStateEnv.Size], 1));
        Assert.Contains("opponent: policy", e.Message);
        var options = new EnvOptions(new Dictionary<string, object?> { ["opponent"] = "robot" });
        Assert.Throws<EnvOptionException>(() => PongEnvConfig.FromOptions(options));
    }

    /// <summary>
    /// A left player that follows the ball in its own mirrored state vector beats a right player that never
    /// moves, and its points are the right player's losses: the mirrored view, the left paddle's control and
    /// the mirrored reward agree. Through a frame stack, so the opponent's own wrappers are exercised.
    /// </summary>
    [Fact]
    public void A_left_player_that_tracks_the_ball_in_its_mirrored_view_wins()
    {
        var config = new PongEnvConfig { Observation = PongObservation.State, Opponent = PongOpponentKind.Policy, Game = new PongConfig { PointsToWin = 5 } };
        var env = new PongStateEnv(config);
        float opponentReturn = 0;
        var opponent = new PongPolicyOpponent<float>(PongOpponentFeed<float>.State(), feed => new RewardSpy(new FrameStack<float>(feed, 2), r => opponentReturn += r), o =>
        {
            ReadOnlySpan<float> now = o[PongStateObserver.Size..];   // the newest of the two stacked frames
            float offset = now[7] * 80;                              // ball − own paddle centre, px
            return now[6] == 0 ? 0 : offset < -2 ? 2 : offset > 2 ? 3 : 0;
        });
        env.Opponent = opponent;
        var obs = new float[PongStateEnv.Size];
        env.Reset(obs, 4);
        float agentReturn = 0;
        StepResult r;
        do
        {
            r = env.Step([0f], obs);
            agentReturn += r.Reward;
        } while (!r.Done);
        Assert.Equal(5, env.Game.OpponentScore);
        Assert.True(env.Game.AgentScore < 5);
        Assert.Equal(env.Game.AgentScore - env.Game.OpponentScore, agentReturn);
        Assert.Equal(-agentReturn, opponentReturn);
    }

    /// <summary>Passes steps through and reports each reward.</summary>
    sealed class RewardSpy(IEnv<float> inner, Action<float> seen) : Wrapper<float>(inner)
    {
        public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
        {
            StepResult r = Inner.Step(action, observation);
            seen(r.Reward);
            return r;
        }
    }
}
