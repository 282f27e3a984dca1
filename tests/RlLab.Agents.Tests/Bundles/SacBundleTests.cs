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

    /// <summary>docs/bundles.md's forward pass by hand from the tensors: ReLU layers, then tanh(mean) scaled to the bounds (±1/8).</summary>
    [Fact]
    public void The_documented_forward_pass_gives_the_committed_agents_action()
    {
        var t = SafetensorsReader.Read(Committed).Tensors.ToDictionary(x => x.Name);
        float[] obs = [0.05f, 0.01f, 1f, 0.01f, 0.01f, 0.01f, 0.01f, 0.01f, 0.01f];
        double[] x = [.. obs.Select(v => (double)v)];
        foreach (string layer in new[] { "fc0", "fc1", "out" })
        {
            SafetensorsTensor w = t[$"actor.{layer}.weight"], b = t[$"actor.{layer}.bias"];
            int rows = (int)w.Shape[0], cols = (int)w.Shape[1];
            var y = new double[rows];
            for (int r = 0; r < rows; r++)
            {
                double sum = b.Values[r];
                for (int c = 0; c < cols; c++) sum += w.Values[r * cols + c] * x[c];
                y[r] = layer == "out" ? sum : Math.Max(0, sum);
            }
            x = y;
        }
        double expected = Math.Tanh(x[0]) / 8;   // x[1] is the log-std, unused by the deterministic action
        using LoadedPolicy policy = LoadedPolicy.Load(Committed);
        var action = new float[1];
        policy.Act(obs, action);
        Assert.Equal(expected, action[0], 6);
        // docs/bundles.md's PyTorch module printed −0.086768 for this observation (python3-torch 1.13, 2026-12-05).
        Assert.Equal(-0.086768, action[0], 6);
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
