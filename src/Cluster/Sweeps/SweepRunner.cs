using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RlLab.Agents.Config;
using RlLab.Cluster.Grains;

namespace RlLab.Cluster.Sweeps;

/// <summary>What `rllab sweep` asked for, before anything is validated; <c>Out</c> null means sweeps/&lt;name&gt;-&lt;time&gt;.</summary>
public sealed record SweepRequest(string Experiment, string[] Sets, RlLab.Envs.EpisodeSelector Seeds, string[] Grid, string? Out);

/// <summary>
/// Runs a sweep from this process: validates every trial's config, writes the sweep folder, starts
/// this process's silo (with trial slots in-process, none on a cluster), owns the sweep until every
/// trial is done or failed, and reports progress.
/// </summary>
public static class SweepRunner
{
    public const string SweepsRoot = "sweeps";

    /// <summary>Checks every combination (unknown keys, bad values) and creates the sweep folder and its sweep.json.</summary>
    public static SweepLedger Create(SweepRequest request, DateTime now)
    {
        int[] seeds = SweepPlan.SeedsOf(request.Seeds);
        var grid = SweepPlan.ParseGrid(request.Grid);
        var plan = new SweepPlan(request.Experiment, request.Sets, seeds, grid);
        IReadOnlyList<TrialSpec> trials = plan.Trials();
        ExperimentConfig? first = null;
        foreach (TrialSpec t in trials)
        {
            ExperimentConfig config = ConfigLoader.Load(request.Experiment, [.. request.Sets, .. t.Overrides()]);
            RlLab.Agents.Training.Trainer.Validate(config, request.Experiment);
            first ??= config;
        }
        string stamp = now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string dir = request.Out ?? Path.Combine(SweepsRoot, $"{first!.Name}-{stamp}");
        if (request.Out is not null && (File.Exists(dir) || Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any()))
            throw new SweepException($"--out {dir}: exists and is not an empty folder; continue a sweep with --resume {dir}");
        for (int i = 2; request.Out is null && Directory.Exists(dir); i++) dir = Path.Combine(SweepsRoot, $"{first!.Name}-{stamp}-{i}");
        var state = new SweepState
        {
            Name = first!.Name,
            Experiment = request.Experiment,
            Sets = request.Sets,
            Seeds = seeds,
            Grid = [.. grid],
            Target = first.Stop.MeanReturn,
            Trials = [.. trials.Select(t => new TrialRecord { Id = t.Id, Seed = t.Seed, Values = [.. t.Values] })],
        };
        SweepLedger.Create(dir, state);
        return new SweepLedger(dir, state);
    }

    /// <summary>
    /// A sweep folder whose client was killed or stopped: finished trials are kept, the others run again from
    /// their checkpoints, and so do those the files contradict (<see cref="SweepLedger.Recheck"/>, said through <paramref name="note"/>),
    /// and with <paramref name="retryFailed"/> those whose own training failed.
    /// </summary>
    public static SweepLedger Resume(string directory, Action<string>? note = null, bool retryFailed = false)
    {
        if (!Directory.Exists(directory)) throw new SweepException($"--resume {directory}: no such folder");
        SweepState state = SweepLedger.Load(directory);
        foreach (string line in SweepLedger.Recheck(directory, state, retryFailed)) note?.Invoke(line);
        return new SweepLedger(directory, state);
    }

    /// <summary>Owns the sweep on this process's silo until every trial has ended; <paramref name="progress"/> gets a line every few seconds.</summary>
    public static async Task RunAsync(SweepLedger ledger, SiloSettings settings, Action<string> progress, CancellationToken cancel)
    {
        using IHost host = ClusterHost.Build(settings);
        await host.StartAsync(cancel);
        try
        {
            await OwnAsync(host.Services, ledger, settings.Slots, progress, cancel);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
        if (ledger.WriteError is string error)
            throw new SweepException($"{ledger.Directory}: could not write the sweep's files ({error.TrimEnd('.')}); the sweep stopped; " +
                $"free some space, then continue it with ./rllab sweep --resume {RlLab.Sim.ShellQuote.Word(ledger.Directory)}");
    }

    /// <summary>The owner's side on a running silo (also the TestingHost tests' entry).</summary>
    public static async Task OwnAsync(IServiceProvider services, SweepLedger ledger, int slots, Action<string> progress, CancellationToken cancel)
    {
        var grains = services.GetRequiredService<IGrainFactory>();
        var sessions = services.GetRequiredService<SweepSessions>();
        sessions.Add(ledger);
        // The first call places the owner grain here (prefer-local), before any worker hears of the sweep.
        await grains.GetGrain<ISweepOwnerGrain>(ledger.Id).Counts();
        ISweepDirectoryGrain directory = grains.GetGrain<ISweepDirectoryGrain>(0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        SweepCounts? last = null;
        TimeSpan lastAt = TimeSpan.Zero, lastFinish = TimeSpan.Zero;
        try
        {
            while (!ledger.Completion.IsCompleted)
            {
                await directory.Register(ledger.Id);
                // A line when the counts change, else every 10 s: readable in a log as well as a terminal.
                SweepCounts counts = ledger.Counts();
                if (last is not null && counts.Done != last.Done) lastFinish = clock.Elapsed;
                if (counts != last || clock.Elapsed - lastAt >= TimeSpan.FromSeconds(10))
                {
                    progress(ProgressLine(counts, ledger.FinishedWallSeconds(), slots, clock.Elapsed, clock.Elapsed - lastFinish));
                    (last, lastAt) = (counts, clock.Elapsed);
                }
                await Task.WhenAny(ledger.Completion, Task.Delay(TimeSpan.FromSeconds(2), cancel));
                cancel.ThrowIfCancellationRequested();
            }
            progress(ProgressLine(ledger.Counts(), ledger.FinishedWallSeconds(), slots, clock.Elapsed));
        }
        finally
        {
            try { await directory.Unregister(ledger.Id); }
            catch (Exception e) when (e is TimeoutException or OrleansException) { }
            sessions.Remove(ledger.Id);
        }
    }

    /// <summary>
    /// "sweep: 5/16 done, 2 running, 1 retry, 0:42 elapsed, ETA 1:10": the ETA from the median trial so far,
    /// counting down from the last finish (the running trials started about then).
    /// </summary>
    public static string ProgressLine(SweepCounts c, double[] walls, int slots, TimeSpan elapsed, TimeSpan sinceLastFinish = default)
    {
        int left = c.Total - c.Done - c.Failed;
        string eta = "";
        if (walls.Length > 0 && left > 0)
        {
            double median = walls.Order().ElementAt(walls.Length / 2);
            int parallel = Math.Max(1, Math.Max(slots, c.Running));
            double seconds = median * Math.Ceiling((double)left / parallel) - sinceLastFinish.TotalSeconds;
            eta = $", ETA {Clock(TimeSpan.FromSeconds(Math.Max(0, seconds)))}";
        }
        string failed = c.Failed > 0 ? $", {c.Failed} failed" : "";
        string retries = c.Retries > 0 ? $", {c.Retries} {(c.Retries == 1 ? "retry" : "retries")}" : "";
        return $"sweep: {c.Done}/{c.Total} done, {c.Running} running{failed}{retries}, {Clock(elapsed)} elapsed{eta}";
    }

    static string Clock(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
