using RlLab.Agents.Checkpoints;
using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Agents.Training;
using RlLab.Agents.Tests.Cli;
using RlLab.Agents.Tests.Training;
using static TorchSharp.torch;

namespace RlLab.Agents.Tests.Reliability;

/// <summary>
/// A run stopped part-way and resumed must equal the same run never interrupted: the same
/// progress.csv rows (all but the wall-clock columns) and bit-identical final weights. Catches any
/// state the checkpoint forgets: env physics and RNG, episode counters, the optimiser, the torch
/// generator, the shared normalisation statistics.
/// </summary>
public sealed class ExactResumeTests
{
    static readonly string[] ClockColumns = ["sps", "wall_seconds"];

    public static TheoryData<string, long> Experiments() => new()
    {
        // CartPole PPO with shared observation and reward statistics.
        { """
          name: exact-cartpole
          seed: 4
          env:
            id: CartPole
            num_envs: 4
            wrappers: [{name: normalize_observation}, {name: scale_reward}]
          policy: {hidden: [16, 16]}
          algo: {name: ppo, num_steps: 64, epochs: 2, minibatches: 2, lr: 0.003}
          train: {total_steps: 3072, threads: 1, eval_episodes: 0, log_every_steps: 256, checkpoint_every: 0}
          """, 1280 },
        // Driving-state PPO (Gaussian head, several tracks, episodes cut mid-lap by the interruption).
        { """
          name: exact-driving
          seed: 2
          env:
            id: Driving
            num_envs: 4
            options: {observation: state, action: curvature, reward: lane_centre, tracks: "0-9", max_steps: 300}
          policy: {hidden: [16, 16], distribution: gaussian, init_log_std: -1.0}
          algo: {name: ppo, num_steps: 64, epochs: 2, minibatches: 2, lr: 0.001}
          train: {total_steps: 3072, threads: 1, eval_episodes: 0, log_every_steps: 256, checkpoint_every: 0}
          """, 1536 },
        // Pong self-play: snapshots before and after the stop, a pool of 2 (snapshots retire while games
        // against them go on), each env's current opponent carried across the resume.
        { """
          name: exact-selfplay
          seed: 3
          env:
            id: Pong
            num_envs: 4
            options: {observation: state, points_to_win: 2}
            wrappers: [{name: normalize_observation}]
          policy: {hidden: [16, 16]}
          algo: {name: ppo, num_steps: 64, epochs: 2, minibatches: 2, lr: 0.003}
          train: {total_steps: 4096, threads: 1, eval_episodes: 0, log_every_steps: 256, checkpoint_every: 0}
          self_play: {snapshot_every: 256, pool_size: 2, builtin_share: 0.25}
          """, 1792 },
    };

    [Theory]
    [MemberData(nameof(Experiments))]
    public void Interrupted_and_resumed_equals_uninterrupted(string yaml, long stopAt)
    {
        using var dir = new TempDir();
        ExperimentConfig config = ConfigLoader.Parse(yaml, "exact.yaml");

        var whole = RunDirectory.Create(Path.Combine(dir.Path, "whole"));
        Trainer.Train(config, whole);

        var split = RunDirectory.Create(Path.Combine(dir.Path, "split"));
        using (var cancel = new CancellationTokenSource())
        {
            var callbacks = new TrainingCallbacks { Progress = p => { if (p.Step >= stopAt) cancel.Cancel(); } };
            TrainingResult first = Trainer.Train(config, split, callbacks: callbacks, cancel: cancel.Token);
            Assert.Equal(stopAt, first.Steps);
        }
        var notices = new List<string>();
        Trainer.Train(config, split, resumeFrom: split.Path, callbacks: new TrainingCallbacks { Notice = notices.Add });
        Assert.DoesNotContain(notices, n => n.Contains("not exact", StringComparison.Ordinal));

        Assert.Equal(Rows(whole.Progress), Rows(split.Progress));
        AssertSameWeights(config, Checkpoint.Resolve(whole.Path), Checkpoint.Resolve(split.Path));
    }

    [Fact]
    public void A_checkpoint_without_env_state_resumes_inexactly_and_says_so()
    {
        using var dir = new TempDir();
        ExperimentConfig config = TinyExperiments.Ppo(steps: 1024, checkpointEvery: 0);
        var run = RunDirectory.Create(Path.Combine(dir.Path, "run"));
        using (var cancel = new CancellationTokenSource())
            Trainer.Train(config, run, callbacks: new TrainingCallbacks { Progress = p => { if (p.Step >= 512) cancel.Cancel(); } }, cancel: cancel.Token);
        // An older checkpoint: the same file with the env state dropped.
        string path = Checkpoint.Resolve(run.Path);
        var (yaml, state) = Checkpoint.ReadHeader(path);
        var (obs, act) = Spaces(config);
        using (var policy = new ActorCritic(config.Policy, obs, act, true))
        {
            Checkpoint.LoadInto(path, policy, null);
            Checkpoint.Save(run.Checkpoints, yaml, state with { EnvState = null }, policy, null);
        }
        var notices = new List<string>();
        TrainingResult r = Trainer.Train(config, run, resumeFrom: run.Path, callbacks: new TrainingCallbacks { Notice = notices.Add });
        Assert.Equal(1024, r.Steps);
        Assert.Contains(notices, n => n.Contains("resume is not exact (the checkpoint holds no env state)", StringComparison.Ordinal));
    }

    internal static string[] Rows(string csv)
    {
        string[] lines = File.ReadAllLines(csv);
        string[] header = lines[0].Split(',');
        int[] keep = [.. Enumerable.Range(0, header.Length).Where(i => !ClockColumns.Contains(header[i]))];
        Assert.True(keep.Length < header.Length, "the clock columns are named as the test expects");
        return [.. lines.Select(l => string.Join(',', keep.Select(i => l.Split(',')[i])))];
    }

    static (RlLab.Envs.Spaces.Space Observation, RlLab.Envs.Spaces.Space Action) Spaces(ExperimentConfig config)
    {
        using var envs = EnvFactory.Stack(config.Env).MakeVector(1);
        return (envs.SingleObservationSpace, envs.SingleActionSpace);
    }

    internal static void AssertSameWeights(ExperimentConfig config, string a, string b)
    {
        var (obs, act) = Spaces(config);
        using var pa = new ActorCritic(config.Policy, obs, act, true);
        using var pb = new ActorCritic(config.Policy, obs, act, true);
        Checkpoint.LoadInto(a, pa, null);
        Checkpoint.LoadInto(b, pb, null);
        var wa = pa.named_parameters().ToList();
        var wb = pb.named_parameters().ToList();
        Assert.Equal(wa.Count, wb.Count);
        for (int i = 0; i < wa.Count; i++)
            Assert.True(wa[i].parameter.eq(wb[i].parameter).all().item<bool>(), $"{wa[i].name} differs");
        // Guard against comparing two untrained nets: training moved the weights.
        using var fresh = new ActorCritic(config.Policy, obs, act, true);
        Assert.Contains(fresh.named_parameters().Zip(wa), p => !p.First.parameter.eq(p.Second.parameter).all().item<bool>());
    }
}
