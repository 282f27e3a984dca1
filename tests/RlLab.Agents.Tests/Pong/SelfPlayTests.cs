using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Agents.SelfPlay;
using RlLab.Agents.Training;
using RlLab.Envs;
using RlLab.Envs.Pong;
using RlLab.Envs.Spaces;
using RlLab.Envs.Vector;
using RlLab.Envs.Wrappers;
using static TorchSharp.torch;

namespace RlLab.Agents.Tests.Pong;

/// <summary>
/// Self-play's pool (who plays each game, which snapshots stay) and its wiring into Pong; its exact
/// resume is one of <see cref="Reliability.ExactResumeTests"/>.
/// </summary>
public sealed class SelfPlayTests
{
    static readonly Box StateSpace = new([.. Enumerable.Repeat(-1f, 8)], [.. Enumerable.Repeat(1f, 8)], [8]);
    static readonly PolicyConfig Mlp = new("mlp", [8], "tanh", false, "auto", 0, "orthogonal");

    static OpponentPool Pool(int size, double builtinShare) =>
        new(new SelfPlayConfig(100, size, builtinShare), () => new ActorCritic(Mlp, StateSpace, new Discrete(6), withCritic: true, seed: 0));

    static ActorCritic Learner(long seed) => new(Mlp, StateSpace, new Discrete(6), withCritic: true, seed: seed);

    [Fact]
    public void Each_game_draws_its_opponent_from_its_seed_with_the_builtin_share()
    {
        using var pool = Pool(3, builtinShare: 0.25);
        Assert.Null(pool.Choose(7)); // an empty pool: the built-in opponent
        for (int k = 0; k < 3; k++)
        {
            using ActorCritic learner = Learner(k);
            pool.Add(100 * k, learner, null);
        }
        var counts = new Dictionary<long, int> { [-1] = 0, [0] = 0, [100] = 0, [200] = 0 };
        for (int seed = 0; seed < 4000; seed++)
        {
            OpponentPool.Snapshot? s = pool.Choose(seed);
            Assert.Same(s, pool.Choose(seed));
            counts[s?.Step ?? -1]++;
        }
        Assert.InRange(counts[-1], 900, 1100);               // 25% of 4000
        foreach (long step in new long[] { 0, 100, 200 }) Assert.InRange(counts[step], 900, 1100); // the rest, evenly
    }

    [Fact]
    public void The_pool_keeps_frozen_copies_of_the_newest_snapshots()
    {
        using var pool = Pool(2, builtinShare: 0);
        using ActorCritic learner = Learner(1);
        var input = rand([1, 8]);
        Tensor before = learner.call(input).Item1.detach().clone();
        OpponentPool.Snapshot first = pool.Add(10, learner, [1f, 2f]);
        using (no_grad())
            foreach (var p in learner.parameters()) p.add_(1.0f);
        Assert.True(before.allclose(first.Network.call(input).Item1), "a snapshot must not follow the learner's later updates");
        Assert.False(before.allclose(learner.call(input).Item1.detach()));

        pool.Add(20, learner, null);
        pool.Add(30, learner, null);
        Assert.Equal([20L, 30L], pool.Snapshots.Select(s => s.Step));
    }

    const string SelfPlayPong = """
        name: sp
        seed: 5
        env:
          id: Pong
          num_envs: 2
          options: {observation: state, points_to_win: 1}
        policy: {hidden: [8]}
        algo: {name: ppo, num_steps: 32, minibatches: 2}
        train: {total_steps: 64, eval_episodes: 0}
        self_play: {snapshot_every: 1000, builtin_share: 0}
        """;

    [Fact]
    public void A_snapshot_holds_the_left_paddle_and_evaluation_keeps_the_builtin_opponent()
    {
        ExperimentConfig config = ConfigLoader.Parse(SelfPlayPong, "sp.yaml");
        EnvConfig training = SelfPlayTraining.TrainingEnv(config);
        Assert.Equal("policy", training.Options["opponent"]);
        Assert.False(config.Env.Options.ContainsKey("opponent")); // eval, bundles and matches build this one

        var envs = (VectorEnv<float>)EnvFactory.Stack(training).MakeVector(2, 1);
        using (envs)
        using (SelfPlayTraining selfPlay = SelfPlayTraining.Attach(config, envs))
        using (ActorCritic learner = new(config.Policy, envs.SingleObservationSpace, envs.SingleActionSpace, withCritic: true, seed: 3))
        {
            OpponentPool.Snapshot snapshot = selfPlay.Pool.Add(0, learner, null);
            envs.Reset(11);
            // The same seed against the built-in opponent: the left paddle moves otherwise.
            IEnv<float> builtin = EnvFactory.Make(config.Env, 0) as IEnv<float> ?? throw new InvalidOperationException();
            using (builtin)
            {
                var obs = new float[builtin.ObservationSpace.FlatSize];
                builtin.Reset(obs, VectorEnv<float>.EpisodeSeed(11, 0, 0));
                IPongEnv mine = envs[0].Find<IPongEnv>()!, theirs = builtin.Find<IPongEnv>()!;
                var noop = new float[] { 0 };
                var actions = new float[] { 0, 0 };
                bool differed = false;
                for (int t = 0; t < 200 && !envs.Done(0); t++)
                {
                    envs.Step(actions);
                    builtin.Step(noop, obs);
                    differed |= mine.Game.OpponentY != theirs.Game.OpponentY;
                }
                Assert.True(differed, "under self-play the snapshot, not the built-in opponent, moves the left paddle");
            }
        }
    }

    [Theory]
    [InlineData("name: x\nenv: {id: CartPole}\nself_play: {}\n", "self_play: needs a two-player env")]
    [InlineData("name: x\nenv: {id: Pong, options: {observation: state, opponent: policy}}\n", "env.options.opponent: policy needs a second player")]
    [InlineData("name: x\nenv: {id: Pong, options: {observation: state, opponent: policy}}\nself_play: {}\n", "leave it at builtin")]
    public void Configs_that_cannot_self_play_are_refused_before_anything_is_written(string yaml, string expected)
    {
        ExperimentConfig config = ConfigLoader.Parse(yaml, "sp.yaml");
        var e = Assert.Throws<SetupException>(() => Trainer.Validate(config, "sp.yaml"));
        Assert.StartsWith("sp.yaml: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void An_unknown_self_play_key_is_named()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("name: x\nenv: {id: Pong}\nself_play: {snapshots: 5}\n", "sp.yaml"));
        Assert.Contains("snapshots", e.Message);
    }

    [Fact]
    public void The_section_round_trips_through_the_written_config_and_is_absent_without_it()
    {
        ExperimentConfig config = ConfigLoader.Parse(SelfPlayPong, "sp.yaml");
        string yaml = ConfigWriter.ToYaml(config);
        Assert.Equal(config.SelfPlay, ConfigLoader.Parse(yaml, "again.yaml").SelfPlay);
        string plain = ConfigWriter.ToYaml(config with { SelfPlay = null });
        Assert.DoesNotContain("self_play", plain);
        Assert.Null(ConfigLoader.Parse(plain, "plain.yaml").SelfPlay);
    }
}
