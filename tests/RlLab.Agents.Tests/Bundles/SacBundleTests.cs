using RlLab.Agents.Bundles;
using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Agents.Tests.Cli;
using RlLab.Cli.Commands;
using Xunit;

namespace RlLab.Agents.Tests.Bundles;

/// <summary>A SAC bundle holds the actor alone (its Q-networks and targets stay in the checkpoint) and plays as its run.</summary>
public sealed class SacBundleTests
{
    static ExperimentConfig TinySac() => ConfigLoader.Parse("""
        name: rt-sac
        seed: 8
        env:
          id: Driving
          num_envs: 1
          options: {observation: state, action: curvature, tracks: "0-3", max_steps: 60}
        policy: {hidden: [8, 8]}
        algo: {name: sac, learning_starts: 32, batch_size: 16}
        train: {total_steps: 96, threads: 1, eval_episodes: 0}
        """, "rt-sac.yaml");

    static string[] Names(string bundle) =>
        [.. SafetensorsReader.Read(bundle).Tensors.Select(t => $"{t.Name} [{string.Join(", ", t.Shape)}]").Order(StringComparer.Ordinal)];

    [Fact]
    public void A_sac_run_exports_its_actor_alone_and_plays_as_the_run()
    {
        using var dir = new TempDir();
        var (run, bundle) = BundleRoundTripTests.TrainAndExport(dir, TinySac());
        BundleRoundTripTests.AssertSameAgent(run, bundle, 2);
        // 9 state values in; [mean, log-std] of the one curvature out; no critic.*, no log_std parameter.
        Assert.Equal(["actor.fc0.bias [8]", "actor.fc0.weight [8, 9]", "actor.fc1.bias [8]", "actor.fc1.weight [8, 8]", "actor.out.bias [2]", "actor.out.weight [2, 8]"], Names(bundle));
        using AgentBundle b = BundleReader.Read(bundle);
        Assert.Equal(new BundleArchitecture("mlp", b.Architecture.Hidden, "relu", ActionHead.TanhGaussian, false), b.Architecture);
        Assert.Equal("tanh_gaussian", b.Metadata[BundleKeys.PolicyHead]);
    }

    static string Committed => Path.Combine(TestPaths.Repo(), "agents", "driving-state-sac.safetensors");

    [Fact]
    public void The_committed_sac_agent_has_the_documented_layout_and_eval_and_watch_play_it()
    {
        Assert.Equal(["actor.fc0.bias [64]", "actor.fc0.weight [64, 9]", "actor.fc1.bias [64]", "actor.fc1.weight [64, 64]", "actor.out.bias [2]", "actor.out.weight [2, 64]"], Names(Committed));

        var eval = CliProcess.Run(TestPaths.Repo(), "eval", Committed, "--tracks", "10000-10001", "--out", Path.Combine(Path.GetTempPath(), $"sac-eval-{Guid.NewGuid():N}.json"));
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        Assert.Contains("lap completion 100 %", eval.Stdout);

        // watch's session: the bundle drives a held-out track, deterministic, with the env's bounds.
        using var session = PolicySession.Open(Committed, "checkpoint", "10003", stochastic: false, seed: 1);
        session.Runner.Reset();
        for (int i = 0; i < 200 && !session.Runner.Done; i++)
        {
            session.Runner.Step();
            Assert.InRange(session.Runner.Action[0], -1f / 8, 1f / 8);
        }
        Assert.False(session.Runner.Done, "it drives 200 steps without a crash");
    }
}
