using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using RlLab.Cluster.Grains;

namespace RlLab.Cluster.Workers;

/// <summary>
/// A worker's slots: each free slot asks the live leaderboard queues for an evaluation (first: a
/// person waits on those) and the live sweeps' owners for a trial, and starts it in a grain on this
/// silo. Pulling rather than pushing keeps each worker's --slots its own business.
/// </summary>
public sealed class WorkerService(IGrainFactory grains, ILocalSiloDetails silo, WorkerSlots slots, WorkerEvaluator evaluator, ILogger<WorkerService> log)
    : BackgroundService
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
                string[] live = await directory.Live();
                foreach (string queue in live.Where(IsEvaluationQueue))
                {
                    if (!evaluator.Enabled) break;
                    EvaluationAssignment? job = await grains.GetGrain<IEvaluationQueueGrain>(queue).Claim(silo.SiloAddress);
                    if (job is null) continue;
                    await grains.GetGrain<IEvaluationGrain>($"{queue}/{job.EvaluationId}/{job.Attempt}").Start(job);
                    started = true;
                    break;
                }
                foreach (string sweep in live.Where(k => !IsEvaluationQueue(k)))
                {
                    if (started) break;
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

    static bool IsEvaluationQueue(string key) => key.StartsWith(EvaluationQueueGrain.KeyPrefix, StringComparison.Ordinal);
}
