using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using RlLab.Cluster.Sweeps;
using RlLab.Cluster.Trials;
using RlLab.Cluster.Workers;

namespace RlLab.Cluster;

/// <summary>Where a silo finds the others: nothing (one silo in this process) or a Redis server.</summary>
public sealed record ClusterAddress(string? RedisEndpoint)
{
    public static readonly ClusterAddress InProcess = new((string?)null);

    /// <summary>"redis://HOST:PORT" (the only form); anything else is a one-line error.</summary>
    public static ClusterAddress Parse(string? text)
    {
        if (text is null) return InProcess;
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || uri.Scheme != "redis" || uri.Port <= 0 || uri.Host.Length == 0
            || uri.AbsolutePath is not ("" or "/"))
            throw new SweepException($"--cluster {text}: expected redis://HOST:PORT, e.g. redis://localhost:6379");
        return new ClusterAddress($"{uri.Host}:{uri.Port}");
    }

    /// <summary>
    /// Connects to the Redis server once and lets go: null when it answers (or there is none to ask), else
    /// why not. A sweep asks before it writes anything, so an unreachable cluster leaves no sweep folder.
    /// </summary>
    public Exception? Probe()
    {
        if (RedisEndpoint is null) return null;
        var options = StackExchange.Redis.ConfigurationOptions.Parse(RedisEndpoint);
        options.AbortOnConnectFail = true;
        options.ConnectRetry = 1;
        options.ConnectTimeout = 5000;
        try
        {
            using var connection = StackExchange.Redis.ConnectionMultiplexer.Connect(options);
            return null;
        }
        catch (StackExchange.Redis.RedisConnectionException e)
        {
            return e;
        }
    }
}

/// <summary>What a silo of ours hosts: how many slots (trials and evaluations share them), the trial runner, and where temporary files go.</summary>
public sealed record SiloSettings(ClusterAddress Cluster, int Slots, Func<IServiceProvider, ITrialRunner> Runner, string WorkRoot)
{
    /// <summary>How this silo runs a leaderboard evaluation under the server's limits; null: it takes none.</summary>
    public Func<RlLab.Leaderboard.Evaluation.SandboxLimits, RlLab.Leaderboard.Evaluation.IEvaluationBackend>? Evaluator { get; init; }
}

/// <summary>Builds the Orleans silo of a sweep or a worker: localhost or Redis clustering, memory or Redis grain storage.</summary>
public static class ClusterHost
{
    public const string StorageName = "sweeps";
    public const string ClusterId = "rllab";

    public static IHost Build(SiloSettings settings)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddFilter(level => level >= LogLevel.Error);
        builder.UseOrleans(silo => Configure(silo, settings.Cluster));
        AddServices(builder.Services, settings);
        return builder.Build();
    }

    /// <summary>The services a silo of ours needs; also used by the TestingHost silos.</summary>
    public static void AddServices(IServiceCollection services, SiloSettings settings)
    {
        services.AddSingleton(new WorkerSlots(settings.Slots, settings.WorkRoot));
        services.AddSingleton(settings.Runner);
        services.AddSingleton<SweepSessions>();
        services.AddSingleton(new WorkerEvaluator(settings.Evaluator));
        services.AddSingleton<Evaluations.EvaluationQueues>();
        services.AddHostedService<WorkerService>();
    }

    public static void Configure(Orleans.Hosting.ISiloBuilder silo, ClusterAddress cluster)
    {
        silo.Configure<ClusterOptions>(o => { o.ClusterId = ClusterId; o.ServiceId = ClusterId; });
        FastFailureDetection(silo);
        if (cluster.RedisEndpoint is null)
        {
            // Free ports, so that two sweeps on one machine do not collide.
            silo.UseLocalhostClustering(FreePort(), FreePort());
            silo.AddMemoryGrainStorage(StorageName);
            return;
        }
        silo.UseRedisClustering(cluster.RedisEndpoint);
        silo.AddRedisGrainStorage(StorageName, o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(cluster.RedisEndpoint));
        silo.ConfigureEndpoints(AdvertisedAddress(cluster.RedisEndpoint), FreePort(), FreePort(), listenOnAnyHostAddress: true);
    }

    /// <summary>
    /// The address other silos reach this one on: loopback when Redis is on loopback (one machine),
    /// else the local address of the interface that routes to Redis. Not the host name, which
    /// Debian resolves to 127.0.1.1, unreachable from other machines.
    /// </summary>
    public static IPAddress AdvertisedAddress(string redisEndpoint)
    {
        string host = redisEndpoint[..redisEndpoint.LastIndexOf(':')].Trim('[', ']');
        int port = int.Parse(redisEndpoint[(redisEndpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return IPAddress.Loopback;
        try
        {
            IPAddress redis = IPAddress.TryParse(host, out IPAddress? ip) ? ip
                : Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork);
            if (IPAddress.IsLoopback(redis)) return IPAddress.Loopback;
            // A UDP "connect" sends nothing; it only asks the kernel which local address routes there.
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(redis, port);
            return ((IPEndPoint)probe.LocalEndPoint!).Address;
        }
        catch (Exception e) when (e is SocketException or InvalidOperationException)
        {
            return IPAddress.Loopback;
        }
    }

    /// <summary>
    /// A dead worker is declared dead in seconds rather than Orleans' default of about half a minute:
    /// a sweep's silos are few, and a lost trial costs only a retry.
    /// </summary>
    public static void FastFailureDetection(Orleans.Hosting.ISiloBuilder silo) => silo.Configure<ClusterMembershipOptions>(o =>
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedProbesLimit = 2;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
    });

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
