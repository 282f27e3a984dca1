using System.Globalization;
using RlLab.Agents.Bundles;
using RlLab.Agents.Config;
using RlLab.Agents.Evaluation;
using RlLab.Agents.Policies;
using RlLab.Agents.Tests.Cli;
using RlLab.Agents.Training;
using Xunit;

namespace RlLab.Agents.Tests.Bundles;

/// <summary>Train a tiny agent, export it, and check that the bundle acts and evaluates exactly as its run.</summary>
public sealed class BundleRoundTripTests
{
    internal static ExperimentConfig CartPole() => ConfigLoader.Parse("""
        name: rt-cartpole
        seed: 5
        env: {id: CartPole, num_envs: 2}
        policy: {hidden: [16]}
        algo: {name: ppo, num_steps: 32, epochs: 1, minibatches: 2}
        train: {total_steps: 128, threads: 1, eval_episodes: 0}
        """, "rt-cartpole.yaml");

    internal static ExperimentConfig DrivingState(string distribution = "auto") => ConfigLoader.Parse($$"""
        name: rt-state
        seed: 6
        env:
          id: Driving
          num_envs: 2
          options: {observation: state, action: curvature, tracks: "0-3", max_steps: 60}
          wrappers: [{name: normalize_observation}]
        policy: {hidden: [8, 8], activation: relu, distribution: {{distribution}}}
        algo: {name: ppo, num_steps: 16, epochs: 1, minibatches: 2}
        train: {total_steps: 64, threads: 1, eval_episodes: 0}
        """, "rt-state.yaml");

    internal static ExperimentConfig DrivingCamera() => ConfigLoader.Parse("""
        name: rt-camera
        seed: 7
        env:
          id: Driving
          num_envs: 2
          options: {observation: camera, width: 48, height: 40, channels: 3, tracks: "0-3", max_steps: 30}
        policy: {type: mit_cnn, hidden: [], distribution: mit_gaussian, init: glorot}
        algo: {name: ppo, num_steps: 8, epochs: 1, minibatches: 2}
        train: {total_steps: 16, threads: 1, eval_episodes: 0}
        """, "rt-camera.yaml");

    /// <summary>A Pong CPU network on the recipe's input: the 40×40 max-pooled image, a stack of 2.</summary>
    internal static ExperimentConfig PongPixels(string type, string observation = "small") => ConfigLoader.Parse($$"""
        name: rt-pong
        seed: 8
        env:
          id: Pong
          num_envs: 2
          options: {observation: {{observation}}, points_to_win: 1, max_frames: 2000}
          wrappers: [{name: frame_stack, k: 2}]
        policy: {type: {{type}}, hidden: [], activation: relu}
        algo: {name: ppo, num_steps: 16, epochs: 1, minibatches: 2}
        train: {total_steps: 32, threads: 1, eval_episodes: 0}
        """, "rt-pong.yaml");

    /// <summary>Trains, exports; returns the run path and the bundle path.</summary>
    internal static (string Run, string Bundle) TrainAndExport(TempDir dir, ExperimentConfig config, string? description = null)
    {
        var run = RunDirectory.Create(Path.Combine(dir.Path, config.Name));
        Trainer.Train(config, run);
        string bundle = Path.Combine(dir.Path, config.Name + ".safetensors");
        BundleExporter.Export(run.Path, bundle, description);
        return (run.Path, bundle);
    }

    internal static void AssertSameAgent(string runPath, string bundlePath, int episodes)
    {
        using LoadedPolicy fromRun = LoadedPolicy.Load(runPath);
        using LoadedPolicy fromBundle = LoadedPolicy.Load(bundlePath);
        Assert.NotNull(fromBundle.Bundle);
        Assert.Equal(fromRun.TrainingSteps, fromBundle.TrainingSteps);
        Assert.Equal(fromRun.Config.Seed, fromBundle.Config.Seed);
        Assert.Equal(fromRun.ObservationStatistics, fromBundle.ObservationStatistics);

        var a = fromRun.Network.state_dict();
        var b = fromBundle.Network.state_dict();
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, t) in a)
            Assert.Equal(t.data<float>().ToArray(), b[name].data<float>().ToArray());

        // The same seeds give the same episodes, deterministic and sampled.
        foreach (bool deterministic in new[] { true, false })
        {
            EvalSummary x = Evaluator.Run(fromRun.Config, fromRun.Network, fromRun.Device, fromRun.Path, episodes, deterministic, null, fromRun.ObservationStatistics);
            EvalSummary y = Evaluator.Run(fromBundle.Config, fromBundle.Network, fromBundle.Device, fromBundle.Path, episodes, deterministic, null, fromBundle.ObservationStatistics);
            Assert.Equal(x.Rows, y.Rows);
            Assert.Equal(x.MeanReturn, y.MeanReturn);
        }
    }

    [Fact]
    public void CartPoleMlpRoundTrips()
    {
        using var dir = new TempDir();
        var (run, bundle) = TrainAndExport(dir, CartPole(), "tiny cartpole");
        AssertSameAgent(run, bundle, 3);
        using AgentBundle b = BundleReader.Read(bundle);
        Assert.Equal("CartPole", b.EnvId);
        Assert.Equal("tiny cartpole", b.Description);
        Assert.Equal("rt-cartpole", b.RunName);
        Assert.Equal(128, b.Steps);
        Assert.Equal(new BundleArchitecture("mlp", [16], "tanh", ActionHead.Categorical, true) with { Hidden = b.Architecture.Hidden }, b.Architecture);
        Assert.Equal([16], b.Architecture.Hidden);
        Assert.Null(b.ObservationStatistics);
    }

    [Theory]
    [InlineData("auto", ActionHead.Gaussian)]
    [InlineData("bounded_gaussian", ActionHead.BoundedGaussian)]
    public void DrivingStateMlpWithNormalisationRoundTrips(string distribution, ActionHead head)
    {
        using var dir = new TempDir();
        var (run, bundle) = TrainAndExport(dir, DrivingState(distribution));
        AssertSameAgent(run, bundle, 2);
        using AgentBundle b = BundleReader.Read(bundle);
        Assert.NotNull(b.ObservationStatistics);
        Assert.Equal(head, b.Architecture.Head);
        Assert.Equal("normalize_observation", Assert.Single(b.EnvWrappers).Name);
        Assert.Equal("0-3", b.EnvOptions["tracks"]);
    }

    [Fact]
    public void DrivingCameraCnnRoundTrips()
    {
        using var dir = new TempDir();
        var (run, bundle) = TrainAndExport(dir, DrivingCamera());
        AssertSameAgent(run, bundle, 1);
        using AgentBundle b = BundleReader.Read(bundle);
        Assert.Equal("mit_cnn", b.Architecture.Type);
        Assert.Equal([40, 48, 3], b.ObservationSpace.Shape);
    }

    [Theory]
    [InlineData("pong_cnn", "small", 40)]
    [InlineData("pong_cnn_s4", "small", 40)]
    [InlineData("pong_cnn_s4", "small_aa", 40)]
    [InlineData("pong_cnn_s4_coord", "small", 40)]
    [InlineData("pong_cnn_tall", "tall", 80)]
    public void PongCnnRoundTrips(string type, string observation, int rows)
    {
        using var dir = new TempDir();
        var (run, bundle) = TrainAndExport(dir, PongPixels(type, observation));
        AssertSameAgent(run, bundle, 1);
        using AgentBundle b = BundleReader.Read(bundle);
        Assert.Equal(type, b.Architecture.Type);
        Assert.Equal([rows, 40, 2], b.ObservationSpace.Shape);
    }

    [Fact]
    public void CliExportThenEvalPrintsTheRunsNumbers()
    {
        using var dir = new TempDir();
        // A space in the run's path: the suggested record command quotes it (#27 item 15).
        var run = RunDirectory.Create(Path.Combine(dir.Path, "my run"));
        Trainer.Train(CartPole(), run);
        string bundle = Path.Combine(dir.Path, "agent.safetensors");

        var export = CliProcess.Run(dir.Path, "export", run.Path, "--out", bundle, "--description", "cli");
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.Contains("wrote", export.Stdout);

        var fromRun = CliProcess.Run(dir.Path, "eval", run.Path, "--episodes", "2", "--out", Path.Combine(dir.Path, "a.json"));
        Assert.Contains($"film episode 0: ./rllab record '{run.Path}' --seed", fromRun.Stdout);
        var fromBundle = CliProcess.Run(dir.Path, "eval", bundle, "--episodes", "2");
        Assert.True(fromBundle.ExitCode == 0, fromBundle.Stderr);
        Assert.Equal(MeanLine(fromRun.Stdout), MeanLine(fromBundle.Stdout));
        Assert.Single(Directory.GetFiles(dir.Path, "agent.eval-*.json")); // named after the seeds played, beside the bundle

        // A checkpoint that is not there, and a bundle that is not one, are one-line errors.
        var missing = CliProcess.Run(dir.Path, "export", run.Path, "--checkpoint", "nope.ckpt", "--out", bundle);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--checkpoint: nope.ckpt", missing.Stderr);
        File.WriteAllBytes(Path.Combine(dir.Path, "evil.safetensors"), [0x80, 0x04, 0x95, 0, 0, 0, 0, 0, 0, 0]);
        var evil = CliProcess.Run(dir.Path, "eval", Path.Combine(dir.Path, "evil.safetensors"));
        Assert.Equal(2, evil.ExitCode);
        Assert.Single(evil.Stderr.Trim().Split('\n'));
        Assert.Contains("pickle", evil.Stderr);
    }

    static string MeanLine(string stdout) => stdout.Split('\n').Single(l => l.StartsWith("mean return", StringComparison.Ordinal));

    [Fact]
    public void WrongEnvSpacesAreRejected()
    {
        using var dir = new TempDir();
        var (_, bundle) = TrainAndExport(dir, CartPole());
        using AgentBundle b = BundleReader.Read(bundle);
        var e = Assert.Throws<BundleException>(() => b.CheckSpaces(RlLab.Envs.Spaces.Box.Uniform(-1, 1, [5]), b.ActionSpace));
        Assert.Contains("observation space", e.Message);
        e = Assert.Throws<BundleException>(() => b.CheckSpaces(b.ObservationSpace, new RlLab.Envs.Spaces.Discrete(3)));
        Assert.Contains("action space Discrete(3)", e.Message);
        Assert.StartsWith(bundle + ": ", e.Message);
        _ = CultureInfo.InvariantCulture;
    }
}
