using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RlLab.Cluster;
using RlLab.Cluster.Evaluations;
using RlLab.Leaderboard;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Storage;
using RlLab.Leaderboard.Web;

namespace RlLab.Cli.Commands;

/// <summary>`rllab serve [--data DIR] [--urls URL] [--workers N] [--cluster redis://HOST:PORT]`, `rllab serve user add NAME`, `rllab serve season next`.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { HelpName = "DIR", Description = "The leaderboard's folder (database, bundles, secret)", DefaultValueFactory = _ => "leaderboard", Recursive = true };
        var urls = new Option<string>("--urls") { HelpName = "URLS", Description = "Where to listen", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var workers = new Option<int>("--workers") { HelpName = "N", Description = "Evaluations at once (default: the core count)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var hidden = new Option<int>("--hidden-tracks") { HelpName = "N", Description = "Hidden seeds per race", DefaultValueFactory = _ => 20 };
        var cluster = new Option<string?>("--cluster") { Description = "Evaluate on the workers of a cluster (`rllab worker`), e.g. redis://HOST:PORT (see docs/scaling.md)", HelpName = "redis://HOST:PORT" };
        var command = new Command("serve", "Run a leaderboard: races agents on hidden tracks and ranks them on a web page") { data, urls, workers, hidden, cluster };
        Help.Examples(command, "./rllab serve --data leaderboard --urls http://0.0.0.0:5080",
            "./rllab serve --data leaderboard --cluster redis://10.0.0.5:6379 --workers 16");
        command.SetAction(parse => Serve(parse.GetValue(data)!, parse.GetValue(urls)!, parse.GetValue(workers), parse.GetValue(hidden), parse.GetValue(cluster)));

        var name = new Argument<string>("name") { HelpName = "NAME", Description = "The user's display name" };
        var add = new Command("add", "Add a user and print their API token (shown once)") { name };
        Help.Examples(add, "./rllab serve user add alice --data leaderboard");
        add.SetAction(parse =>
        {
            var users = new UserStore(new Database(parse.GetValue(data)!));
            try { Console.WriteLine(users.Add(parse.GetValue(name)!)); }
            catch (ArgumentException e) { throw new UserError($"user add: {e.Message}"); }
            Console.Error.WriteLine("this token is shown once; the server keeps only its hash");
            return 0;
        });
        var user = new Command("user", "Manage users") { add };
        var next = new Command("next", "Start the next season: new hidden seeds, fresh standings (the old ones are kept)");
        Help.Examples(next, "./rllab serve season next --data leaderboard");
        next.SetAction(parse =>
        {
            int s = new SubmissionStore(new Database(parse.GetValue(data)!), new QuotaLimits()).NextSeason();
            Console.WriteLine($"season {s} started");
            return 0;
        });
        var season = new Command("season", "Manage seasons") { next };
        command.Subcommands.Add(user);
        command.Subcommands.Add(season);
        return command;
    }

    /// <summary>The command line of the hidden evaluation verb: this very binary.</summary>
    public static IReadOnlyList<string> SelfCommand()
    {
        string exe = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        return Path.GetFileNameWithoutExtension(exe) == "dotnet"
            ? [exe, typeof(ServeCommand).Assembly.Location, EvaluateCommand.Name]
            : [exe, EvaluateCommand.Name];
    }

    static int Serve(string data, string urls, int workers, int hidden, string? clusterText)
    {
        if (workers < 1) throw new UserError($"--workers: {workers} must be at least 1");
        if (hidden is < 1 or > 1000) throw new UserError($"--hidden-tracks: {hidden} must be 1 to 1000");
        ClusterAddress? cluster = clusterText is null ? null : ClusterAddress.Parse(clusterText);
        var sandbox = Sandbox.Detect();
        var options = new LeaderboardOptions(data, SelfCommand())
        {
            Workers = workers, Sandbox = sandbox, Races = RlLab.Leaderboard.Races.RaceCatalog.Default(hidden),
        };
        ClusterEvaluationBackend? backend = cluster is null ? null : JoinCluster(cluster, clusterText!, options.Limits);
        // With --cluster, --workers caps the evaluations in flight on the cluster; the workers' own sandboxes apply.
        Console.WriteLine(backend is null ? $"rllab serve: {Path.GetFullPath(data)}, {workers} workers; {sandbox.Describe()}"
            : $"rllab serve: {Path.GetFullPath(data)}, up to {workers} evaluations at once on the workers of {clusterText}");
        try
        {
            Run(urls, options with { Backend = backend });
        }
        finally
        {
            backend?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return 0;
    }

    static ClusterEvaluationBackend JoinCluster(ClusterAddress cluster, string text, SandboxLimits limits)
    {
        try { return ClusterEvaluationBackend.StartAsync(cluster, limits, null, CancellationToken.None).GetAwaiter().GetResult(); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // StackExchange.Redis explains its retry options after the first sentence: not the user's business here.
            string why = e.Message.Split(". ", 2)[0].TrimEnd('.');
            throw new UserError(CliErrors.ClusterUnreachable(text, why));
        }
    }

    static void Run(string urls, LeaderboardOptions options)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
            .AddFilter("RlLab", LogLevel.Information).AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        LeaderboardHost.AddServices(builder.Services, options);
        var app = builder.Build();
        LeaderboardHost.Configure(app);
        app.Run();
    }
}
