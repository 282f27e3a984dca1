using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using RlLab.Cluster.Grains;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Races;

namespace RlLab.Cluster.Evaluations;

/// <summary>
/// `rllab serve --cluster`: each evaluation waits in this process's <see cref="EvaluationQueue"/>
/// until a worker's free slot claims it, runs there in the worker's sandboxed child, and its
/// outcome comes back to <see cref="Leaderboard.Evaluation.WorkerPool"/>, which scores and records
/// it exactly as a local child's. League matches go the same way (both bundles, the worker's match
/// child). A loop here re-queues the attempts of dead workers and keeps the queue listed in the
/// cluster's directory.
/// </summary>
public sealed class ClusterEvaluationBackend : IEvaluationBackend, IMatchBackend, IAsyncDisposable
{
    static readonly TimeSpan RegisterEvery = TimeSpan.FromSeconds(5);

    readonly IGrainFactory grains;
    readonly IClusterMembershipService membership;
    readonly EvaluationQueues queues;
    readonly SandboxLimits limits;
    readonly ClusterEvaluationOptions options;
    readonly ILogger log;
    readonly IHost? host;
    readonly CancellationTokenSource stop = new();
    Task loop = Task.CompletedTask;

    ClusterEvaluationBackend(IServiceProvider services, SandboxLimits limits, ClusterEvaluationOptions options, IHost? host)
    {
        grains = services.GetRequiredService<IGrainFactory>();
        membership = services.GetRequiredService<IClusterMembershipService>();
        queues = services.GetRequiredService<EvaluationQueues>();
        log = services.GetRequiredService<ILoggerFactory>().CreateLogger<ClusterEvaluationBackend>();
        (this.limits, this.options, this.host) = (limits, options, host);
        Queue = new EvaluationQueue(EvaluationQueueGrain.KeyPrefix + Guid.NewGuid().ToString("N")[..12], options);
    }

    /// <summary>This process's queue (tests look at who runs what).</summary>
    public EvaluationQueue Queue { get; }

    /// <summary>Joins the cluster with a silo of no trial slots (this process runs no evaluation itself) and starts serving its queue.</summary>
    /// <param name="limits">The sandbox limits every worker applies to the child, the server's own.</param>
    public static async Task<ClusterEvaluationBackend> StartAsync(ClusterAddress cluster, SandboxLimits limits, ClusterEvaluationOptions? options, CancellationToken cancel)
    {
        string work = Path.Combine(Path.GetTempPath(), "rllab-serve-silo");
        IHost host = ClusterHost.Build(new SiloSettings(cluster, 0, _ => throw new InvalidOperationException("a serve silo runs no trials"), work));
        try
        {
            await host.StartAsync(cancel);
            return await OnSiloAsync(host.Services, limits, options, host);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>On a silo that is already running (the TestingHost tests' entry); <paramref name="host"/>, when given, is stopped on dispose.</summary>
    public static async Task<ClusterEvaluationBackend> OnSiloAsync(IServiceProvider services, SandboxLimits limits, ClusterEvaluationOptions? options = null, IHost? host = null)
    {
        var backend = new ClusterEvaluationBackend(services, limits, options ?? new ClusterEvaluationOptions(), host);
        backend.queues.Add(backend.Queue);
        // The first call places the queue grain here (prefer-local), before any worker hears of it.
        await backend.grains.GetGrain<IEvaluationQueueGrain>(backend.Queue.Key).Waiting();
        await backend.grains.GetGrain<ISweepDirectoryGrain>(0).Register(backend.Queue.Key);
        backend.loop = Task.Run(() => backend.LoopAsync(backend.stop.Token));
        return backend;
    }

    public async Task<ChildOutcome> RunAsync(string bundlePath, Race race, IReadOnlyList<int> hiddenSeeds, CancellationToken ct)
    {
        byte[]? bundle = await ReadOrNull(bundlePath, ct);
        string id = Guid.NewGuid().ToString("N");
        Task<ChildOutcome> done = Queue.Add(id, bundle, Path.GetFileName(bundlePath), race, hiddenSeeds, limits, DateTime.UtcNow);
        try
        {
            ChildOutcome outcome = await done.WaitAsync(ct);
            return outcome with { Failure = outcome.Failure?.Replace(EvaluationGrain.BundlePathMarker, bundlePath, StringComparison.Ordinal) };
        }
        catch (OperationCanceledException)
        {
            Queue.Remove(id);
            throw;
        }
    }

    public async Task<MatchChildOutcome> PlayAsync(string firstBundle, string secondBundle, Race league, int seed, CancellationToken ct)
    {
        byte[]? first = await ReadOrNull(firstBundle, ct), second = await ReadOrNull(secondBundle, ct);
        string id = Guid.NewGuid().ToString("N");
        Task<MatchChildOutcome> done = Queue.AddMatch(id, first, Path.GetFileName(firstBundle), second, Path.GetFileName(secondBundle), league, seed, limits, DateTime.UtcNow);
        try
        {
            MatchChildOutcome outcome = await done.WaitAsync(ct);
            return outcome with
            {
                Failure = outcome.Failure?.Replace(EvaluationGrain.BundlePathMarker, firstBundle, StringComparison.Ordinal)
                    .Replace(EvaluationGrain.SecondBundlePathMarker, secondBundle, StringComparison.Ordinal),
            };
        }
        catch (OperationCanceledException)
        {
            Queue.Remove(id);
            throw;
        }
    }

    static async Task<byte[]?> ReadOrNull(string path, CancellationToken ct)
    {
        try { return await File.ReadAllBytesAsync(path, ct); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
    }

    async Task LoopAsync(CancellationToken cancel)
    {
        ISweepDirectoryGrain directory = grains.GetGrain<ISweepDirectoryGrain>(0);
        DateTime registered = DateTime.UtcNow;
        while (!cancel.IsCancellationRequested)
        {
            try { await Task.Delay(options.CheckEvery, cancel); }
            catch (OperationCanceledException) { return; }
            ClusterMembershipSnapshot snapshot = membership.CurrentSnapshot;
            // Not "unknown": a silo that joined a moment ago may not be in this snapshot yet.
            Queue.Check(DateTime.UtcNow, worker => snapshot.GetSiloStatus(SiloAddress.FromParsableString(worker))
                is SiloStatus.Dead or SiloStatus.ShuttingDown or SiloStatus.Stopping);
            if (DateTime.UtcNow - registered < RegisterEvery) continue;
            try
            {
                await directory.Register(Queue.Key);
                registered = DateTime.UtcNow;
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                log.LogWarning("evaluation queue: could not register with the cluster's directory: {Message}", e.Message);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        try { await grains.GetGrain<ISweepDirectoryGrain>(0).Unregister(Queue.Key); }
        catch (Exception e) when (e is TimeoutException or OrleansException) { }
        queues.Remove(Queue.Key);
        if (host is not null)
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
        stop.Dispose();
    }
}
