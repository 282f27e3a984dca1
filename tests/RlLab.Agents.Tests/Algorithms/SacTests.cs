using RlLab.Agents.Algorithms;
using RlLab.Agents.Checkpoints;
using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Agents.Tests.Cli;
using RlLab.Agents.Tests.Reliability;
using RlLab.Agents.Training;
using RlLab.Envs;
using RlLab.Envs.Vector;
using RlLab.Envs.Wrappers;
using static TorchSharp.torch;

namespace RlLab.Agents.Tests.Algorithms;

/// <summary>SAC end to end on small problems: what the replay buffer stores at episode ends, learning, exact resume.</summary>
public sealed class SacTests
{
    static SacConfig Config(long learningStarts, int batch = 32, int buffer = 10_000, double lr = 1e-3, double gamma = 0.9) =>
        new(lr, gamma, EntropyCoef: 1.0, AnnealLr: false, BufferSize: buffer, LearningStarts: learningStarts, BatchSize: batch,
            Tau: 0.01, TrainFreq: 1, GradientSteps: 1, TargetUpdateInterval: 1, AutoEntropy: true, TargetEntropy: null);

    static ActorCritic Actor(VectorEnv<float> envs) =>
        new(new PolicyConfig("mlp", [32, 32], "relu", false, "tanh_gaussian", 0, "orthogonal"), envs.SingleObservationSpace, envs.SingleActionSpace, false, seed: 1);

    static VectorEnv<float> Lines(int count, int limit) =>
        new([.. Enumerable.Range(0, count).Select(_ => (IEnv<float>)new EpisodeStatistics<float>(new LineEnv(limit)))]);

    [Fact]
    public void Episode_ends_store_the_final_observation_and_only_termination_stops_the_bootstrap()
    {
        using var envs = Lines(2, limit: 3);
        envs.Reset(1);
        using var actor = Actor(envs);
        using var generator = new Generator(1);
        using var sac = new Sac<float>(Config(learningStarts: 1_000_000), envs, actor, CPU, generator);
        var episodes = new EpisodeLog();
        long step = 0;
        for (int i = 0; i < 150; i++) step += sac.Iterate(0, step, episodes, new IterationMetrics()).Steps;

        ReplayBufferTestsAccess.Rows(sac.Replay, out float[] obs, out float[] next, out float[] actions, out float[] terminated);
        Assert.Equal(300, obs.Length);
        for (int i = 0; i < obs.Length; i++)
        {
            // Had an episode end stored the reset observation, next would not follow from the step.
            Assert.Equal(LineEnv.Next(obs[i], actions[i]), next[i]);
            Assert.Equal(Math.Abs(next[i]) > 1f ? 1f : 0f, terminated[i]);
        }
        int terminatedEpisodes = terminated.Count(t => t == 1);
        Assert.True(terminatedEpisodes > 0, "some episodes left the line");
        Assert.True(episodes.Count - terminatedEpisodes > 0, "some episodes were truncated by the limit (stored as not terminated)");
    }

    /// <summary>Deterministic returns of the actor on fixed starts.</summary>
    static double MeanReturn(ActorCritic actor)
    {
        double total = 0;
        Span<float> x = stackalloc float[1];
        for (int seed = 0; seed < 8; seed++)
        {
            var env = new LineEnv(10);
            env.Reset(x, 100 + seed);
            for (bool done = false; !done;)
            {
                float action;
                using (var scope = NewDisposeScope())
                using (no_grad())
                    action = actor.Distribution(actor.call(tensor(x.ToArray()).reshape(1, 1)).ActorOut).Mode()[0, 0].item<float>();
                StepResult r = env.Step([action], x);
                total += r.Reward;
                done = r.Terminated || r.Truncated;
            }
        }
        return total / 8;
    }

    [Fact]
    public void Sac_learns_to_stay_at_the_origin()
    {
        using var envs = Lines(1, limit: 10);
        envs.Reset(2);
        using var actor = Actor(envs);
        using var generator = new Generator(2);
        using var sac = new Sac<float>(Config(learningStarts: 200, batch: 64), envs, actor, CPU, generator);
        double before = MeanReturn(actor);
        var episodes = new EpisodeLog();
        var metrics = new IterationMetrics();
        long step = 0;
        while (step < 1500) step += sac.Iterate(0, step, episodes, metrics).Steps;
        double after = MeanReturn(actor);
        // Standing still from |x0| ≈ 0.25 on average costs about 2.5; stepping to 0 at once costs about 0.1 + the rest's noise.
        Assert.True(after > before + 0.5 && after > -1.0, $"mean return {before:F3} before, {after:F3} after");
        Assert.True(metrics.Get("charts/alpha") < 1.0, "the temperature fell from its start as the policy sharpened");
    }

    [Fact]
    public void Interrupted_and_resumed_equals_uninterrupted()
    {
        using var dir = new TempDir();
        // A buffer smaller than the run, so the resumed one has wrapped; episodes cut mid-track by the interruption.
        ExperimentConfig config = ConfigLoader.Parse("""
            name: exact-sac
            seed: 5
            env:
              id: Driving
              num_envs: 2
              options: {observation: state, action: curvature, reward: lane_centre, tracks: "0-9", max_steps: 60}
            policy: {hidden: [16, 16]}
            algo: {name: sac, buffer_size: 300, learning_starts: 64, batch_size: 16}
            train: {total_steps: 480, threads: 1, eval_episodes: 0, log_every_steps: 40, checkpoint_every: 0}
            """, "exact-sac.yaml");

        var whole = RunDirectory.Create(Path.Combine(dir.Path, "whole"));
        Trainer.Train(config, whole);
        var split = RunDirectory.Create(Path.Combine(dir.Path, "split"));
        using (var cancel = new CancellationTokenSource())
        {
            var callbacks = new TrainingCallbacks { Progress = p => { if (p.Step >= 200) cancel.Cancel(); } };
            Assert.Equal(200, Trainer.Train(config, split, callbacks: callbacks, cancel: cancel.Token).Steps);
        }
        var notices = new List<string>();
        Trainer.Train(config, split, resumeFrom: split.Path, callbacks: new TrainingCallbacks { Notice = notices.Add });
        Assert.DoesNotContain(notices, n => n.Contains("not exact", StringComparison.Ordinal));

        Assert.Equal(ExactResumeTests.Rows(whole.Progress), ExactResumeTests.Rows(split.Progress));
        string a = Checkpoint.Resolve(whole.Path), b = Checkpoint.Resolve(split.Path);
        string[] parts = ["actor", "critic", "critic_target", "temperature", "actor_optimizer", "critic_optimizer", "temperature_optimizer", "replay_buffer", "updates"];
        foreach (string part in parts)
            Assert.True(PartBytes(a, part).SequenceEqual(PartBytes(b, part)), $"{part} differs");
        Assert.Contains("q_loss", File.ReadLines(whole.Progress).First().Split(','));
    }

    static byte[] PartBytes(string checkpoint, string name)
    {
        byte[] bytes = [];
        Checkpoint.LoadInto(checkpoint, [new CheckpointPart(name, _ => { }, r => bytes = r.ReadBytes((int)r.BaseStream.Length))]);
        Assert.NotEmpty(bytes);
        return bytes;
    }
}

/// <summary>Every row of a replay buffer, in row order.</summary>
static class ReplayBufferTestsAccess
{
    public static void Rows(RlLab.Agents.Buffers.ReplayBuffer<float> b, out float[] obs, out float[] next, out float[] actions, out float[] terminated)
    {
        int n = b.Count;
        obs = new float[n * b.ObservationSize];
        next = new float[n * b.ObservationSize];
        actions = new float[n * b.ActionSize];
        terminated = new float[n];
        b.Gather([.. Enumerable.Range(0, n).Select(i => (long)i)], obs, next, actions, new float[n], terminated);
    }
}
