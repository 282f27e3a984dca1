using System.Globalization;
using RlLab.Agents.Config;
using RlLab.Agents.Tests.Cli;
using RlLab.Agents.Training;
using RlLab.Envs;
using RlLab.Envs.Registry;
using RlLab.Envs.Spaces;

namespace RlLab.Agents.Tests.Pong;

/// <summary>
/// The CPU networks learn from pixels: a reduced game of one decision, seen as the recipe
/// sees Pong (a 40×40×2 binary image), trained for a few thousand steps with the recipe's PPO.
/// </summary>
public sealed class PongCnnLearningTests
{
    /// <summary>
    /// One step a game: a 2×2 ball lit at a random place of both frames; moving the paddle towards the
    /// ball's half (ALE's up actions 2 and 4 for the top, down 3 and 5 for the bottom) wins a point, away
    /// loses one, no move scores nothing. A random policy averages 0; a perfect one 1.
    /// </summary>
    sealed class BallSide : IEnv<byte>
    {
        public const string Id = "TestBallSide";
        static readonly Box Space = Box.Image(40, 40, 2);
        readonly Random _rng = new(0);
        bool _top;

        public Space ObservationSpace => Space;
        public Space ActionSpace { get; } = new Discrete(6);

        public void Reset(Span<byte> observation, int? seed = null)
        {
            Random rng = seed is int s ? new Random(s) : _rng;
            observation.Clear();
            int y = rng.Next(0, 38), x = rng.Next(0, 38);
            _top = y + 1 < 20;
            for (int dy = 0; dy < 2; dy++)
                for (int dx = 0; dx < 2; dx++)
                    for (int c = 0; c < 2; c++)
                        observation[((y + dy) * 40 + x + dx) * 2 + c] = 255;
        }

        public StepResult Step(ReadOnlySpan<float> action, Span<byte> observation)
        {
            int a = (int)action[0];
            float reward = a is 2 or 4 ? (_top ? 1 : -1) : a is 3 or 5 ? (_top ? -1 : 1) : 0;
            Reset(observation);
            return new StepResult(reward, true, false);
        }

        public void Dispose() { }
    }

    static PongCnnLearningTests()
    {
        if (!EnvRegistry.Default.TryGet(BallSide.Id, out _))
            EnvRegistry.Default.Register(new EnvSpec(BallSide.Id, "test: the ball's half from pixels", _ => new BallSide()));
    }

    [Theory]
    [InlineData("pong_cnn")]
    [InlineData("pong_cnn_s4")]
    [InlineData("pong_cnn_s4_coord")]
    [InlineData("pong_cnn_tall")]
    public void Pong_cnn_learns_a_reduced_game_from_pixels(string type)
    {
        // The CPU networks (pong_cnn_s4 is experiments/pong-ppo.yaml's); PPO with a shorter rollout and a larger step, to learn in seconds.
        ExperimentConfig config = ConfigLoader.Parse($$"""
            name: pong-cnn-learns
            seed: 4
            env: {id: {{BallSide.Id}}, num_envs: 8}
            policy: {type: {{type}}, hidden: [], activation: relu}
            algo: {name: ppo, num_steps: 32, epochs: 4, minibatches: 4, lr: 1.0e-3, clip_coef: 0.2, entropy_coef: 0.01, gamma: 0.99}
            train: {total_steps: 4096, threads: 1, eval_episodes: 0}
            """, "pong-cnn-learns.yaml");
        using var dir = new TempDir();
        var run = RunDirectory.Create(Path.Combine(dir.Path, "run"));
        Trainer.Train(config, run);

        double[] returns = [.. File.ReadAllLines(run.EpisodesCsv).Skip(1).Select(l => double.Parse(l.Split(',')[2], CultureInfo.InvariantCulture))];
        Assert.Equal(4096, returns.Length);
        double first = returns.Take(512).Average(), last = returns.TakeLast(512).Average();
        Assert.InRange(first, -0.3, 0.3);
        Assert.True(last > 0.6, $"first 512 games {first:F2}, last 512 {last:F2}");
    }
}
