using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using RlLab.Cluster.Sweeps;
using RlLab.Cluster.Trials;

namespace RlLab.Cluster.Tests;

/// <summary>Three in-process silos (Orleans' TestingHost) run a sweep of fake trials; one is killed mid-sweep.</summary>
public sealed class TestingHostSweepTests
{
    sealed class Silos : ISiloConfigurator
    {
        public static readonly string WorkRoot = Path.Combine(Path.GetTempPath(), "rllab-cluster-test-work");

        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(ClusterHost.StorageName);
            ClusterHost.FastFailureDetection(silo);
            silo.ConfigureServices(s => ClusterHost.AddServices(s, new SiloSettings(ClusterAddress.InProcess, 2, _ => new FakeTrialRunner(),
                Path.Combine(WorkRoot, Guid.NewGuid().ToString("N")[..8]))));
        }
    }

    [Fact]
    public async Task A_silo_killed_mid_sweep_loses_no_trial_and_each_is_recorded_once()
    {
        using var temp = new TempDir();
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<Silos>();
        TestCluster cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            SweepState state = FakeSweep.State(trials: 12);
            string dir = Path.Combine(temp.Path, "sweep");
            SweepLedger.Create(dir, state);
            var ledger = new SweepLedger(dir, state);
            var primary = (InProcessSiloHandle)cluster.Primary!;
            Task owner = SweepRunner.OwnAsync(primary.SiloHost.Services, ledger, 6, _ => { }, CancellationToken.None);

            // Kill a secondary silo while one of its trials runs and has shipped a checkpoint to resume from.
            SiloHandle victim = cluster.SecondarySilos[0]!;
            string address = victim.SiloAddress.ToParsableString();
            Poll.Until(() => ledger.Running().Any(r => r.Worker == address && File.Exists(Path.Combine(ledger.TrialDirectory(r.Trial), "checkpoints", "latest"))),
                TimeSpan.FromSeconds(60), () => "no trial with a checkpoint ran on the secondary silo");
            await cluster.KillSiloAsync(victim);

            Assert.Same(owner, await Task.WhenAny(owner, Task.Delay(TimeSpan.FromMinutes(2))));
            await owner;
            Assert.All(ledger.State.Trials, t => Assert.Equal(TrialStatus.Done, t.Status));
            var recorded = ledger.Recorded();
            Assert.Equal(state.Trials.Select(t => t.Id).Order(), recorded.Select(r => r.Trial).Order());
            Assert.Contains(ledger.State.Trials, t => t.Attempts > 1);
            // A retried trial went on from its last shipped checkpoint, not from scratch.
            var retried = ledger.State.Trials.Where(t => t.Attempts > 1).Select(t => t.Id).ToHashSet();
            Assert.Contains(FakeTrialRunner.Starts, s => retried.Contains(s.Trial) && s.Attempt > 1 && s.FromStep > 0);
            // Each trial's progress.csv holds every step once; its final mean return is known from its seed.
            foreach (TrialRecord t in ledger.State.Trials)
            {
                string[] rows = File.ReadAllLines(Path.Combine(ledger.TrialDirectory(t.Id), "progress.csv"));
                Assert.Equal(Enumerable.Range(1, FakeTrialRunner.Steps).Select(s => s.ToString()), rows.Skip(1).Select(r => r.Split(',')[1]));
            }
            string[] csv = File.ReadAllLines(Path.Combine(dir, SweepLedger.CsvFile));
            Assert.Equal(13, csv.Length);
            string row = csv.Single(l => l.StartsWith("t03,", StringComparison.Ordinal));
            Assert.StartsWith($"t03,3,done,", row);
            Assert.Contains($",{3 * 10 + FakeTrialRunner.Steps},", row);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
