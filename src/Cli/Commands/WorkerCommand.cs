using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RlLab.Cluster;
using RlLab.Cluster.Trials;

namespace RlLab.Cli.Commands;

/// <summary>`rllab worker --cluster redis://HOST:PORT [--slots N]`: a silo that runs sweeps' trials and `serve --cluster` evaluations until stopped.</summary>
public static class WorkerCommand
{
    public static Command Create()
    {
        var cluster = new Option<string>("--cluster") { Description = "The cluster to join, e.g. redis://HOST:PORT (see docs/scaling.md)", HelpName = "redis://HOST:PORT", Required = true };
        var slots = new Option<int?>("--slots") { Description = "Trials or leaderboard evaluations at once on this worker (default: the core count)", HelpName = "N" };
        var command = new Command("worker", "Join a cluster and run its sweeps' trials and its leaderboards' evaluations until stopped (Ctrl+C; docs/scaling.md)") { cluster, slots };
        Help.Examples(command, "./rllab worker --cluster redis://10.0.0.5:6379 --slots 8");
        command.SetAction(parse => Run(parse.GetValue(cluster)!, parse.GetValue(slots)));
        return command;
    }

    static int Run(string clusterText, int? slots)
    {
        ClusterAddress cluster = ClusterAddress.Parse(clusterText);
        int count = slots ?? Environment.ProcessorCount;
        if (count < 1) throw new UserError($"--slots {count}: expected at least 1");
        using var interrupts = new Interrupts("worker: leaving the cluster");
        CancellationToken cancel = interrupts.Token;
        TrialWorkRoot.RemoveStale();
        // Leaderboard evaluations (`serve --cluster`) run in the same sandboxed child as `serve` runs locally.
        var sandbox = RlLab.Leaderboard.Evaluation.Sandbox.Detect();
        using IHost host = ClusterHost.Build(new SiloSettings(cluster, count, _ => new ProcessTrialRunner(SweepCommand.CliDll), TrialWorkRoot.Current)
        {
            Evaluator = limits => new RlLab.Leaderboard.Evaluation.EvaluationChild(ServeCommand.SelfCommand(), sandbox, limits),
        });
        try { host.StartAsync(cancel).GetAwaiter().GetResult(); }
        catch (StackExchange.Redis.RedisConnectionException e) { throw new UserError(CliErrors.ClusterUnreachable(clusterText, e)); }
        string silo = host.Services.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>().SiloAddress.ToParsableString();
        // The silo address is the worker column of sweep.csv.
        Console.WriteLine($"worker: joined {clusterText} as {silo} with {count} slots; Ctrl+C stops");
        Console.WriteLine($"worker: leaderboard {sandbox.Describe()}");
        try { Task.Delay(Timeout.Infinite, cancel).GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { }
        host.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        TrialWorkRoot.Remove(TrialWorkRoot.Current);
        return 0;
    }
}
