using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using RlLab.Cluster.Grains;
using RlLab.Cluster.Sweeps;

namespace RlLab.Cluster.Tests;

/// <summary>A sweep owner activated away from its ledger acknowledges no result: the worker's retry, or `sweep --resume`, keeps it.</summary>
public sealed class LedgerlessOwnerTests
{
    sealed class Silo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(ClusterHost.StorageName);
            // No slots: nothing polls; the test calls the owner itself.
            silo.ConfigureServices(s => ClusterHost.AddServices(s, new SiloSettings(ClusterAddress.InProcess, 0, _ => new FakeTrialRunner(),
                Path.Combine(Path.GetTempPath(), "rllab-owner-test-work"))));
        }
    }

    [Fact]
    public async Task An_owner_without_its_ledger_refuses_results_instead_of_dropping_them()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<Silo>();
        TestCluster cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            // A fresh key a call: an activation without its ledger goes away after answering.
            var grains = ((InProcessSiloHandle)cluster.Primary!).SiloHost.Services.GetRequiredService<IGrainFactory>();
            var e = await Assert.ThrowsAnyAsync<Exception>(() => grains.GetGrain<ISweepOwnerGrain>("gone1").Finished(new TrialOutcome("t01", 1, 0, 1.0, null)));
            Assert.Contains("does not own it", e.Message);
            e = await Assert.ThrowsAnyAsync<Exception>(() => grains.GetGrain<ISweepOwnerGrain>("gone2").StoreChunk(
                new FileChunk("t01", 1, SweepLedger.FinalSnapshot, "progress.csv", 0, 1, 1, [1])));
            Assert.Contains("does not own it", e.Message);
            e = await Assert.ThrowsAnyAsync<Exception>(() => grains.GetGrain<ISweepOwnerGrain>("gone3").ReadResumeChunk("t01", 1, 0, 0));
            Assert.Contains("does not own it", e.Message);
            Assert.Null(await grains.GetGrain<ISweepOwnerGrain>("gone4").Claim(cluster.Primary!.SiloAddress));
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
