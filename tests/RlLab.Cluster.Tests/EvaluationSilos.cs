using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using RlLab.Agents.Bundles;
using RlLab.Agents.Config;
using RlLab.Agents.Training;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Races;

namespace RlLab.Cluster.Tests;

/// <summary>
/// TestingHost silos for leaderboard evaluations: the primary plays `rllab serve --cluster` (no
/// slots, it only queues), the secondaries are workers whose evaluator is set per test class.
/// Every evaluation a worker runs is recorded with the silo and the path it ran on.
/// </summary>
static class EvaluationSilos
{
    public static readonly ConcurrentQueue<(string Silo, string BundlePath)> Runs = new();

    /// <summary>The rllab next to the tests as the evaluation child, unsandboxed on both paths (the comparison is of the paths, not the sandbox).</summary>
    public static EvaluationChild RealChild(SandboxLimits limits) => new(["dotnet", Repo.Dll, "__evaluate"], Sandbox.None(), limits);

    public static async Task<TestCluster> DeployAsync<TConfigurator>(int silos) where TConfigurator : ISiloConfigurator, new()
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.AddSiloBuilderConfigurator<TConfigurator>();
        TestCluster cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Memory storage, fast failure detection, and slots and an evaluator on the secondaries only.</summary>
    public static void Configure(ISiloBuilder silo, int slots, Func<string, Func<SandboxLimits, IEvaluationBackend>> evaluator)
    {
        string name = silo.Configuration["Orleans:Name"] ?? silo.Configuration["SiloName"] ?? throw new InvalidOperationException("TestingHost gave the silo no name");
        bool serve = name == "Primary";
        silo.AddMemoryGrainStorage(ClusterHost.StorageName);
        ClusterHost.FastFailureDetection(silo);
        var settings = new SiloSettings(ClusterAddress.InProcess, serve ? 0 : slots, _ => new FakeTrialRunner(),
            Path.Combine(Path.GetTempPath(), "rllab-cluster-test-work", Guid.NewGuid().ToString("N")[..8]))
        {
            Evaluator = serve ? null : evaluator(name),
        };
        silo.ConfigureServices(s => ClusterHost.AddServices(s, settings));
    }

    public static IServiceProvider Serve(TestCluster cluster) => ((InProcessSiloHandle)cluster.Primary!).SiloHost.Services;
}

/// <summary>A backend that records where it ran, then hands over to another (a match: both bundles recorded).</summary>
sealed class RecordingBackend(string silo, IEvaluationBackend inner) : IEvaluationBackend, IMatchBackend
{
    public Task<ChildOutcome> RunAsync(string bundlePath, Race race, IReadOnlyList<int> hiddenSeeds, CancellationToken ct)
    {
        EvaluationSilos.Runs.Enqueue((silo, bundlePath));
        return inner.RunAsync(bundlePath, race, hiddenSeeds, ct);
    }

    public Task<MatchChildOutcome> PlayAsync(string firstBundle, string secondBundle, Race league, int seed, CancellationToken ct)
    {
        EvaluationSilos.Runs.Enqueue((silo, firstBundle));
        EvaluationSilos.Runs.Enqueue((silo, secondBundle));
        return ((IMatchBackend)inner).PlayAsync(firstBundle, secondBundle, league, seed, ct);
    }
}

/// <summary>A tiny CartPole agent, trained once per test run and exported as a bundle.</summary>
static class TinyAgent
{
    static readonly Lazy<string> Bundle = new(() =>
    {
        string dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "rllab-cluster-agents-" + Environment.ProcessId)).FullName;
        ExperimentConfig config = ConfigLoader.Parse("""
            name: cluster-eval
            seed: 3
            env: {id: CartPole, num_envs: 2}
            policy: {hidden: [16]}
            algo: {name: ppo, num_steps: 32, epochs: 1, minibatches: 2}
            train: {total_steps: 64, threads: 1, eval_episodes: 0}
            """, "cluster-eval.yaml");
        var run = RunDirectory.Create(Path.Combine(dir, config.Name));
        Trainer.Train(config, run);
        string path = Path.Combine(dir, "agent.safetensors");
        BundleExporter.Export(run.Path, path, "cluster evaluation test agent");
        return path;
    });

    public static string BundlePath => Bundle.Value;

    static readonly Lazy<(string, string)> Pong = new(() =>
    {
        string dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "rllab-cluster-agents-" + Environment.ProcessId)).FullName;
        return (RlLab.Tests.Shared.TinyPongAgent.TrainBundle(dir, "pong-ann", 1, 128, description: "cluster league test agent"),
                RlLab.Tests.Shared.TinyPongAgent.TrainBundle(dir, "pong-bob", 2, 64, description: "cluster league test agent"));
    });

    /// <summary>Two tiny Pong state agents (a short PPO run each) for league matches.</summary>
    public static (string First, string Second) PongBundles => Pong.Value;
}
