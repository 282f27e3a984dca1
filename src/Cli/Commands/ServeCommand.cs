using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RlLab.Cluster;
using RlLab.Cluster.Evaluations;
using RlLab.Leaderboard;
using RlLab.Leaderboard.Client;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Storage;
using RlLab.Leaderboard.Web;

namespace RlLab.Cli.Commands;

/// <summary>
/// `rllab serve [--data DIR] [--urls URL] [--workers N] [--cluster redis://HOST:PORT]` and the admin verbs on the data folder:
/// `serve user add|revoke|disable|enable NAME`, `serve submission disqualify ID --reason TEXT`, `serve submission rerun ID`, `serve season next`.
/// </summary>
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

        var user = new Command("user", "Manage users")
        {
            UserVerb("add", "Add a user and print their API token (shown once)", data, (users, n) => PrintToken(users.Add(n))),
            UserVerb("revoke", "Revoke a user's token at once and print a new one (shown once)", data, (users, n) => PrintToken(users.Revoke(n))),
            UserVerb("disable", "Disable a user: their token is refused (403) until `enable`", data, (users, n) => { users.Disable(n); Console.WriteLine($"user {TerminalText.Clean(n)} disabled"); }),
            UserVerb("enable", "Enable a disabled user again", data, (users, n) => { users.Enable(n); Console.WriteLine($"user {TerminalText.Clean(n)} enabled"); }),
        };
        var next = new Command("next", "Start the next season: new hidden seeds, fresh standings (the old ones are kept)");
        Help.Examples(next, "./rllab serve season next --data leaderboard");
        next.SetAction(parse =>
        {
            int s = new SubmissionStore(new Database(parse.GetValue(data)!), new QuotaLimits()).NextSeason();
            Console.WriteLine($"season {s} started");
            return 0;
        });
        var season = new Command("season", "Manage seasons") { next };
        var submission = new Command("submission", "Act on one submission (logged in the database with the time)") { Disqualify(data), Rerun(data) };
        command.Subcommands.Add(submission);
        command.Subcommands.Add(user);
        command.Subcommands.Add(season);
        return command;
    }

    /// <summary>`serve user VERB NAME`: the store's action, with its refusals as one-line user errors. Each is logged in the database.</summary>
    static Command UserVerb(string verb, string description, Option<string> data, Action<UserStore, string> act)
    {
        var name = new Argument<string>("name") { HelpName = "NAME", Description = "The user's display name" };
        var command = new Command(verb, description) { name };
        Help.Examples(command, $"./rllab serve user {verb} alice --data leaderboard");
        command.SetAction(parse =>
        {
            var users = new UserStore(new Database(parse.GetValue(data)!));
            string n = parse.GetValue(name)!;
            try { act(users, n); }
            catch (ArgumentException e) { throw new UserError($"user {verb}: {TerminalText.Clean(e.Message)}"); }
            return 0;
        });
        return command;
    }

    static void PrintToken(string token)
    {
        Console.WriteLine(token);
        Console.Error.WriteLine("this token is shown once; the server keeps only its hash");
    }

    static Command Disqualify(Option<string> data)
    {
        var id = new Argument<long>("id") { HelpName = "ID", Description = "The submission's number" };
        var reason = new Option<string>("--reason") { HelpName = "TEXT", Description = "Why: shown on the page beside the struck-through entry", Required = true };
        var command = new Command("disqualify", "Take a submission out of the standings, with a reason shown on its page") { id, reason };
        Help.Examples(command, "./rllab serve submission disqualify 12 --reason \"trained on the hidden tracks\" --data leaderboard");
        command.SetAction(parse => Admin(data, parse, s => s.Disqualify(parse.GetValue(id), parse.GetValue(reason)!), $"submission {parse.GetValue(id)} disqualified"));
        return command;
    }

    static Command Rerun(Option<string> data)
    {
        var id = new Argument<long>("id") { HelpName = "ID", Description = "The submission's number" };
        var command = new Command("rerun", "Evaluate a submission again (after a server fault or a fix), at no cost to its user") { id };
        Help.Examples(command, "./rllab serve submission rerun 12 --data leaderboard");
        command.SetAction(parse =>
        {
            var bundles = new BundleStore(parse.GetValue(data)!);
            return Admin(data, parse, s => s.Rerun(parse.GetValue(id), bundles.Has), $"submission {parse.GetValue(id)} queued again; a running server picks it up");
        });
        return command;
    }

    static int Admin(Option<string> data, System.CommandLine.ParseResult parse, Action<SubmissionStore> act, string done)
    {
        var store = new SubmissionStore(new Database(parse.GetValue(data)!), new QuotaLimits());
        try { act(store); }
        catch (ArgumentException e) { throw new UserError($"submission: {TerminalText.Clean(e.Message)}"); }
        Console.WriteLine(done);
        return 0;
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
        HttpUrls.ParseList("--urls", urls);
        ClusterAddress? cluster = clusterText is null ? null : ClusterAddress.Parse(clusterText);
        // One server per data folder: two would share the queue and evaluate submissions twice.
        using var dataLock = RlLab.Agents.Training.FolderLock.Acquire(data, "leaderboard data folder");
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
            Run(urls, options with { Backend = backend, MatchBackend = backend });
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
        catch (Exception e) when (e is not OutOfMemoryException) { throw new UserError(CliErrors.ClusterUnreachable(text, e)); }
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
