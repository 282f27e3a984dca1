using Orleans.Hosting;
using Orleans.TestingHost;
using RlLab.Cluster.Evaluations;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Races;

namespace RlLab.Cluster.Tests;

/// <summary>A worker killed in the middle of an evaluation: the serve side sees it leave and another worker runs it again.</summary>
public sealed class EvaluationFailoverTests
{
    /// <summary>
    /// The first evaluation in this process hangs until released (the one whose silo the test kills);
    /// the others answer at once with episodes made from their seeds, so the result is known.
    /// </summary>
    sealed class HangOnceBackend : IEvaluationBackend
    {
        public static int Calls;
        public static readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<ChildOutcome> RunAsync(string bundlePath, Race race, IReadOnlyList<int> hiddenSeeds, CancellationToken ct)
        {
            if (Interlocked.Increment(ref Calls) == 1) await Release.Task;
            return new ChildOutcome(Expected(race, hiddenSeeds), null);
        }
    }

    sealed class Silos : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo) =>
            EvaluationSilos.Configure(silo, slots: 1, name => _ => new RecordingBackend(name, new HangOnceBackend()));
    }

    static EvaluationOutput Expected(Race race, IReadOnlyList<int> hidden) =>
        new(race.Name, [.. new[] { race.PracticeSeeds[0] }.Concat(hidden).Select((seed, i) => new EpisodeResult(i - 1, seed, seed % 500, "time_limit", new Dictionary<string, double>()))], []);

    [Fact]
    public async Task An_evaluation_whose_worker_dies_runs_again_on_another_worker()
    {
        using var temp = new TempDir();
        string bundle = Path.Combine(temp.Path, "failover.safetensors");
        await File.WriteAllBytesAsync(bundle, [1, 2, 3, 4]);
        Race race = RaceCatalog.CartPole(hidden: 2);
        int[] hidden = [101, 202];
        TestCluster cluster = await EvaluationSilos.DeployAsync<Silos>(3);
        ClusterEvaluationBackend? backend = null;
        try
        {
            backend = await ClusterEvaluationBackend.OnSiloAsync(EvaluationSilos.Serve(cluster), new SandboxLimits(WallClock: TimeSpan.FromSeconds(60)),
                new ClusterEvaluationOptions { MaxAttempts = 2 });
            Task<ChildOutcome> run = backend.RunAsync(bundle, race, hidden, CancellationToken.None);
            Poll.Until(() => Volatile.Read(ref HangOnceBackend.Calls) == 1, TimeSpan.FromSeconds(30), () => "no worker started the evaluation");
            var (_, attempt, worker) = Assert.Single(backend.Queue.Running());
            Assert.Equal(1, attempt);
            SiloHandle victim = cluster.SecondarySilos.Single(s => s.SiloAddress.ToParsableString() == worker);
            await cluster.KillSiloAsync(victim);

            ChildOutcome outcome = await run.WaitAsync(TimeSpan.FromMinutes(1));
            Assert.Null(outcome.Failure);
            Assert.Equivalent(Expected(race, hidden), outcome.Output, strict: true);
            string[] silos = [.. EvaluationSilos.Runs.Where(r => r.BundlePath.EndsWith("failover.safetensors", StringComparison.Ordinal)).Select(r => r.Silo)];
            Assert.Equal(2, silos.Length);
            Assert.NotEqual(silos[0], silos[1]);
            Assert.Equal(2, Volatile.Read(ref HangOnceBackend.Calls));
        }
        finally
        {
            HangOnceBackend.Release.TrySetResult();
            if (backend is not null) await backend.DisposeAsync();
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
