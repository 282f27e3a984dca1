using RlLab.Sim;
using System.Globalization;
using Microsoft.Extensions.Logging;
using RlLab.Cluster.Trials;
using RlLab.Cluster.Workers;
using Orleans.Placement;

namespace RlLab.Cluster.Grains;

/// <summary>
/// Runs one attempt on this worker: fetches the checkpoint to resume from, starts the trial,
/// and while it runs reports progress and ships each new checkpoint (one-way calls); at the end
/// it ships the whole run directory, then says it finished. Key: sweep/trial/attempt.
/// </summary>
[PreferLocalPlacement]
public sealed class TrialGrain(ITrialRunner runner, WorkerSlots slots, ILogger<TrialGrain> log) : Grain, ITrialGrain
{
    static readonly TimeSpan ShipEvery = TimeSpan.FromSeconds(1);
    bool started;

    public Task Start(TrialAssignment a)
    {
        if (started) return Task.CompletedTask;
        started = true;
        // Kept active while the child runs: idle collection would drop it mid-trial.
        DelayDeactivation(TimeSpan.FromDays(30));
        ISweepOwnerGrain owner = GrainFactory.GetGrain<ISweepOwnerGrain>(a.SweepId);
        _ = Task.Run(() => RunAsync(a, owner));
        return Task.CompletedTask;
    }

    async Task RunAsync(TrialAssignment a, ISweepOwnerGrain owner)
    {
        string dir = Path.Combine(slots.WorkRoot, a.SweepId, $"{a.TrialId}-attempt{a.Attempt}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int exit = -1;
        string? error = null;
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            Directory.CreateDirectory(dir);
            for (int f = 0; f < a.ResumeFiles.Length; f++)
                await FetchAsync(owner, a, f, Path.Combine(dir, a.ResumeFiles[f]));
            Task<int> run = runner.RunAsync(a, dir, a.ResumeFiles.Length > 0, CancellationToken.None);
            string? shippedCheckpoint = null;
            int snapshot = 0;
            while (await Task.WhenAny(run, Task.Delay(ShipEvery)) != run)
            {
                owner.Progress(new TrialProgress(a.TrialId, a.Attempt, LastStep(dir), double.NaN)).Ignore();
                string? latest = ReadLatest(dir);
                if (latest is not null && latest != shippedCheckpoint && File.Exists(Path.Combine(dir, "checkpoints", latest)))
                {
                    shippedCheckpoint = latest;
                    string[] files = [.. new[] { "config.yaml", "progress.csv", "episodes.csv", "checkpoints/" + latest, "checkpoints/latest" }
                        .Where(f => File.Exists(Path.Combine(dir, f)))];
                    await ShipAsync(a, ++snapshot, dir, files, c => { owner.ShipChunk(c).Ignore(); return Task.CompletedTask; });
                }
            }
            exit = await run;
            string[] all = [.. Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/'))
                .Where(f => !f.Contains(AtomicFile.TempMarker, StringComparison.Ordinal))];
            await OwnerCall.Retry(() => ShipAsync(a, Sweeps.SweepLedger.FinalSnapshot, dir, all, owner.StoreChunk));
        }
        catch (Exception e)
        {
            error = e.Message;
            log.LogWarning(e, "trial {Trial} attempt {Attempt} failed", a.TrialId, a.Attempt);
        }
        try
        {
            var outcome = new TrialOutcome(a.TrialId, a.Attempt, error is null ? exit : -1, clock.Elapsed.TotalSeconds, error);
            await OwnerCall.Retry(() => owner.Finished(outcome));
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception e)
        {
            // The owner is gone (its client was killed): `sweep --resume` runs this trial again.
            log.LogWarning(e, "trial {Trial} attempt {Attempt}: could not report to the owner", a.TrialId, a.Attempt);
        }
        finally
        {
            slots.Release();
        }
    }

    static async Task FetchAsync(ISweepOwnerGrain owner, TrialAssignment a, int file, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var stream = File.Create(path);
        for (int chunk = 0; ; chunk++)
        {
            byte[] bytes = await owner.ReadResumeChunk(a.TrialId, a.Attempt, file, chunk);
            await stream.WriteAsync(bytes);
            if (bytes.Length < Sweeps.SweepLedger.ChunkBytes) break;
        }
    }

    /// <summary>Sends files in chunks of at most 1 MiB, well under Orleans' message size limit.</summary>
    static async Task ShipAsync(TrialAssignment a, int snapshot, string dir, string[] files, Func<FileChunk, Task> send)
    {
        foreach (string rel in files)
        {
            byte[] bytes = await File.ReadAllBytesAsync(Path.Combine(dir, rel));
            int count = Math.Max(1, (bytes.Length + Sweeps.SweepLedger.ChunkBytes - 1) / Sweeps.SweepLedger.ChunkBytes);
            for (int i = 0; i < count; i++)
            {
                int from = i * Sweeps.SweepLedger.ChunkBytes;
                byte[] part = bytes[from..Math.Min(bytes.Length, from + Sweeps.SweepLedger.ChunkBytes)];
                await send(new FileChunk(a.TrialId, a.Attempt, snapshot, rel, i, count, files.Length, part));
            }
        }
    }

    static string? ReadLatest(string dir)
    {
        try { return File.ReadAllText(Path.Combine(dir, "checkpoints", "latest")).Trim(); }
        catch (IOException) { return null; }
    }

    static long LastStep(string dir)
    {
        try
        {
            string? last = File.ReadLines(Path.Combine(dir, "progress.csv")).Skip(1).LastOrDefault();
            return last is null ? 0 : long.TryParse(last.Split(',')[1], CultureInfo.InvariantCulture, out long s) ? s : 0;
        }
        catch (IOException) { return 0; }
    }
}
