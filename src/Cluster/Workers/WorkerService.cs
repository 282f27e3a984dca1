using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using RlLab.Cluster.Grains;

namespace RlLab.Cluster.Workers;

/// <summary>
/// A worker's slots: each free slot asks the live sweeps' owners for a trial, and starts it in a
/// trial grain on this silo. Pulling rather than pushing keeps each worker's --slots its own business.
/// </summary>
public sealed class WorkerService(IGrainFactory grains, ILocalSiloDetails silo, WorkerSlots slots, ILogger<WorkerService> log) : BackgroundService
{
    static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (slots.Count == 0) return;
        ISweepDirectoryGrain directory = grains.GetGrain<ISweepDirectoryGrain>(0);
        while (!stop.IsCancellationRequested)
        {
            await slots.WaitAsync(stop);
            bool started = false;
            try
            {
                foreach (string sweep in await directory.Live())
                {
                    TrialAssignment? a = await grains.GetGrain<ISweepOwnerGrain>(sweep).Claim(silo.SiloAddress);
                    if (a is null) continue;
                    await grains.GetGrain<ITrialGrain>($"{a.SweepId}/{a.TrialId}/{a.Attempt}").Start(a);
                    started = true;
                    break;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // An owner or the directory moving or gone: try again on the next poll.
                log.LogInformation("worker poll: {Message}", e.Message);
            }
            if (!started)
            {
                slots.Release();
                await Task.Delay(IdlePoll, stop);
            }
        }
    }
}
