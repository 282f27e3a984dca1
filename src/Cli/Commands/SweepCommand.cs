using System.CommandLine;
using RlLab.Agents.Training;
using RlLab.Cluster;
using RlLab.Cluster.Sweeps;
using RlLab.Cluster.Trials;
using RlLab.Sim;

namespace RlLab.Cli.Commands;

/// <summary>`rllab sweep EXPERIMENT --seeds 1-16 [--grid k=v1,v2]... [--slots N] [--cluster redis://HOST:PORT]`, or `--resume DIR`.</summary>
public static class SweepCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("experiment") { Description = "Experiment YAML file (not with --resume)", Arity = ArgumentArity.ZeroOrOne, HelpName = "EXPERIMENT" };
        var seeds = Selectors.Seeds("Training seeds, one trial each: 1-16 or 1,2,7 (required without --resume)");
        var grid = new Option<string[]>("--grid") { Description = "A key and its values, e.g. algo.lr=1e-3,3e-4 (repeatable; every combination runs)", HelpName = "KEY=V1,V2" };
        var set = new Option<string[]>("--set") { Description = "Override a value in every trial, e.g. --set train.total_steps=50000 (repeatable)", HelpName = "KEY=VALUE" };
        var slots = new Option<int?>("--slots") { Description = "Trials at once in this process (default: the core count; with --cluster: 0)", HelpName = "N" };
        var cluster = new Option<string?>("--cluster") { Description = "Run on the workers of a cluster, e.g. redis://HOST:PORT (see docs/scaling.md)", HelpName = "redis://HOST:PORT" };
        var resume = new Option<string?>("--resume") { Description = "Continue a sweep whose client was killed: finished trials are kept", HelpName = "DIR" };
        var retryFailed = new Option<bool>("--retry-failed") { Description = "With --resume: also run again the trials whose own training failed (a crash), from their last checkpoint" };
        var output = new Option<string?>("--out") { Description = "Sweep folder (default: sweeps/<name>-<time>)", HelpName = "DIR" };
        var command = new Command("sweep", "Run every combination of seeds and grid values as trials, on this machine or a cluster (docs/scaling.md)")
            { file, seeds, grid, set, slots, cluster, resume, retryFailed, output };
        Help.Examples(command, "./rllab sweep experiments/cartpole-ppo.yaml --seeds 1-16 --slots 2",
            "./rllab sweep experiments/cartpole-ppo.yaml --seeds 1-5 --grid algo.lr=1e-3,3e-4",
            "./rllab sweep --resume sweeps/cartpole-ppo-20261202-140000",
            "./rllab sweep experiments/driving-state-ppo.yaml --seeds 1-8 --cluster redis://10.0.0.5:6379");
        command.SetAction(parse => Run(parse.GetValue(file), parse.GetValue(seeds), parse.GetValue(grid) ?? [], parse.GetValue(set) ?? [],
            parse.GetValue(slots), parse.GetValue(cluster), parse.GetValue(resume), parse.GetValue(retryFailed), parse.GetValue(output)));
        return command;
    }

    /// <summary>The CLI itself, which each trial runs as a child process.</summary>
    public static string CliDll => typeof(Program).Assembly.Location;

    static int Run(string? file, RlLab.Envs.EpisodeSelector? seeds, string[] grid, string[] sets, int? slots, string? clusterText, string? resume, bool retryFailed, string? output)
    {
        if (file is null == resume is null) throw new UserError("sweep: give an experiment file, or --resume <sweep folder>");
        if (retryFailed && resume is null) throw new UserError("--retry-failed: only with --resume <sweep folder>");
        if (resume is not null && (seeds is not null || grid.Length > 0 || sets.Length > 0 || output is not null))
            throw new UserError("sweep: --resume continues a sweep as it was planned; --seeds, --grid, --set and --out do not apply");
        if (file is not null && seeds is null) throw new UserError("sweep: give the seeds, e.g. --seeds 1-5");
        ClusterAddress cluster = ClusterAddress.Parse(clusterText);
        int count = slots ?? (cluster.RedisEndpoint is null ? Environment.ProcessorCount : 0);
        if (count < 0 || (count == 0 && cluster.RedisEndpoint is null))
            throw new UserError($"--slots {count}: expected at least 1 (or 0 with --cluster, where the workers run the trials)");

        // Everything is validated (every trial's config, the cluster answering) before the folder is written.
        if (cluster.Probe() is Exception unreachable) throw new UserError(CliErrors.ClusterUnreachable(clusterText!, unreachable));
        // One client per sweep folder: two would run (and record) the same trials twice.
        using FolderLock? resumeLock = resume is not null && Directory.Exists(resume) ? FolderLock.Acquire(resume, "sweep") : null;
        SweepLedger ledger = resume is not null ? SweepRunner.Resume(resume, note => Console.Error.WriteLine($"note: {note}"), retryFailed)
            : SweepRunner.Create(new SweepRequest(file!, sets, seeds!, grid, output), DateTime.Now);
        using FolderLock? newLock = resume is null ? FolderLock.Acquire(ledger.Directory, "sweep") : null;
        Console.WriteLine($"sweep: {ledger.Directory} ({ledger.State.Trials.Count} trials, {(cluster.RedisEndpoint is null ? $"{count} slots in this process" : $"cluster {clusterText}")})");

        using var interrupts = new Interrupts("sweep: stopping (it stays resumable)");
        // Trial folders of sweeps that were killed are removed here; this one's when it ends, however it ends.
        TrialWorkRoot.RemoveStale();
        var settings = new SiloSettings(cluster, count, _ => new ProcessTrialRunner(CliDll), TrialWorkRoot.Current);
        try
        {
            SweepRunner.RunAsync(ledger, settings, line => Console.Error.WriteLine(line), interrupts.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"sweep: stopped; continue it with ./rllab sweep --resume {ShellQuote.Word(ledger.Directory)}");
            return 130;
        }
        finally
        {
            TrialWorkRoot.Remove(settings.WorkRoot);
        }
        WriteCurves(ledger);
        foreach (string line in SweepSummary.Lines(ledger)) Console.WriteLine(line);
        Console.WriteLine($"results: {Path.Combine(ledger.Directory, SweepLedger.CsvFile)}");
        int failed = ledger.Counts().Failed;
        if (failed > 0) Console.Error.WriteLine($"error: {failed} trial(s) failed; see the status column of sweep.csv and trial-error.txt in their folders");
        return failed > 0 ? CliErrors.TrialsFailedExit : 0;
    }

    /// <summary>curves.png through `rllab plot`: one mean ± std band per grid point.</summary>
    static void WriteCurves(SweepLedger ledger)
    {
        string[] runs = [.. ledger.State.Trials.Where(t => t.Status == TrialStatus.Done).Select(t => ledger.TrialDirectory(t.Id))
            .Where(d => File.Exists(Path.Combine(d, "episodes.csv")))];
        if (runs.Length == 0) return;
        string curves = Path.Combine(ledger.Directory, "curves.png");
        if (Program.Run(["plot", .. runs, "--out", curves]) != 0) Console.Error.WriteLine("note: no curves.png (see the line above)");
    }
}
