using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.Placement;
using RlLab.Cluster.Evaluations;
using RlLab.Cluster.Workers;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Races;

namespace RlLab.Cluster.Grains;

/// <summary>
/// Runs one attempt of a leaderboard evaluation on this worker: pulls the bundle in chunks, checks
/// its size and sha256 against the server's, and runs the worker's evaluation child on it (the
/// same sandboxed child, hence the same strict bundle reader, as `rllab serve` runs locally); then
/// sends the outcome back in one-way chunks. A league match pulls both bundles and runs the match
/// child on them. Key: queue/evaluation/attempt.
/// </summary>
[PreferLocalPlacement]
public sealed class EvaluationGrain(WorkerEvaluator evaluator, WorkerSlots slots, ILogger<EvaluationGrain> log) : Grain, IEvaluationGrain
{
    /// <summary>
    /// Stands for the bundle's path in a failure message: the worker's temporary path goes out, the
    /// server puts its own back, so that a message reads as the local child's would.
    /// </summary>
    public const string BundlePathMarker = "\u0001bundle\u0001";

    /// <summary>Stands for a match's second bundle's path, as <see cref="BundlePathMarker"/> does for the first.</summary>
    public const string SecondBundlePathMarker = "\u0001bundle2\u0001";

    bool started;

    public Task Start(EvaluationAssignment a)
    {
        if (started) return Task.CompletedTask;
        started = true;
        DelayDeactivation(TimeSpan.FromSeconds(a.WallSeconds) + TimeSpan.FromMinutes(10));
        IEvaluationQueueGrain queue = GrainFactory.GetGrain<IEvaluationQueueGrain>(a.QueueKey);
        _ = Task.Run(() => RunAsync(a, queue));
        return Task.CompletedTask;
    }

    async Task RunAsync(EvaluationAssignment a, IEvaluationQueueGrain queue)
    {
        string dir = Path.Combine(slots.WorkRoot, "evaluations", $"{a.EvaluationId}-attempt{a.Attempt}");
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            Directory.CreateDirectory(dir);
            string path = BundlePath(dir, "first", a.BundleName);
            if (a.BundleBytes >= 0 && await FetchAsync(queue, a, 0, a.BundleBytes, path) is false)
            {
                log.LogInformation("evaluation {Id} attempt {Attempt}: the server dropped it", a.EvaluationId, a.Attempt);
                return;
            }
            string? damaged = a.BundleBytes >= 0 && !Matches(path, a.BundleBytes, a.BundleSha256)
                ? "the bundle arrived damaged at the worker (its size or sha256 differs from the server's)" : null;
            Race race = JsonSerializer.Deserialize<Race>(a.RaceJson, EvaluationChild.Json) ?? throw new InvalidDataException("no race in the assignment");
            IEvaluationBackend child = evaluator.Create(new SandboxLimits(a.MemoryBytes, a.CpuSeconds, TimeSpan.FromSeconds(a.WallSeconds)));
            if (a.Match is { } m)
            {
                string second = BundlePath(dir, "second", m.SecondName);
                if (m.SecondBytes >= 0 && await FetchAsync(queue, a, 1, m.SecondBytes, second) is false)
                {
                    log.LogInformation("match {Id} attempt {Attempt}: the server dropped it", a.EvaluationId, a.Attempt);
                    return;
                }
                damaged ??= m.SecondBytes >= 0 && !Matches(second, m.SecondBytes, m.SecondSha256)
                    ? "a bundle arrived damaged at the worker (its size or sha256 differs from the server's)" : null;
                MatchChildOutcome played = damaged is not null ? MatchChildOutcome.Server(damaged)
                    : await (child as IMatchBackend ?? throw new InvalidOperationException("this worker's evaluator plays no matches"))
                        .PlayAsync(path, second, race, m.Seed, CancellationToken.None);
                Report(queue, a, played with { Failure = Unpath(played.Failure, path, second) });
                return;
            }
            ChildOutcome outcome = damaged is not null ? ChildOutcome.Server(damaged) : await child.RunAsync(path, race, a.HiddenSeeds, CancellationToken.None);
            Report(queue, a, outcome with { Failure = Unpath(outcome.Failure, path, null) });
        }
        catch (Exception e)
        {
            log.LogWarning(e, "evaluation {Id} attempt {Attempt} failed on this worker", a.EvaluationId, a.Attempt);
            object failed = a.Match is null
                ? new ChildOutcome(null, $"the worker could not run the evaluation: {e.Message}")
                : MatchChildOutcome.Server($"the worker could not run the match: {e.Message}");
            try { Report(queue, a, failed); }
            catch (Exception e2) { log.LogWarning(e2, "evaluation {Id}: could not report to the server", a.EvaluationId); }
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            slots.Release();
        }
    }

    /// <summary>Only the file name crosses: a name with a folder in it stays in this folder (a match's two bundles in their own).</summary>
    static string BundlePath(string dir, string side, string bundleName)
    {
        string folder = Directory.CreateDirectory(Path.Combine(dir, side)).FullName;
        string name = Path.GetFileName(bundleName);
        return Path.Combine(folder, name.Length == 0 ? "bundle.safetensors" : name);
    }

    /// <summary>The worker's paths go out of a failure message as markers; the server puts its own back.</summary>
    static string? Unpath(string? failure, string first, string? second)
    {
        if (failure is null) return null;
        string s = failure.Replace(first, BundlePathMarker, StringComparison.Ordinal);
        return second is null ? s : s.Replace(second, SecondBundlePathMarker, StringComparison.Ordinal);
    }

    /// <summary>Pulls a bundle (0: the first, 1: a match's second); false when the server no longer holds this attempt (lost and retried elsewhere).</summary>
    static async Task<bool> FetchAsync(IEvaluationQueueGrain queue, EvaluationAssignment a, int bundle, long length, string path)
    {
        await using var stream = File.Create(path);
        long got = 0;
        for (int chunk = 0; got < length; chunk++)
        {
            byte[] bytes = await queue.ReadBundleChunk(a.EvaluationId, a.Attempt, chunk, bundle);
            if (bytes.Length == 0) return false;
            await stream.WriteAsync(bytes);
            got += bytes.Length;
        }
        return true;
    }

    static bool Matches(string path, long length, string sha256)
    {
        using var file = File.OpenRead(path);
        return file.Length == length && Convert.ToHexStringLower(SHA256.HashData(file)) == sha256;
    }

    /// <summary>The outcome as JSON in one-way chunks: a long result never sits in an awaited call.</summary>
    static void Report(IEvaluationQueueGrain queue, EvaluationAssignment a, object outcome)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(outcome, outcome.GetType(), EvaluationChild.Json);
        int count = Math.Max(1, (json.Length + EvaluationQueue.ChunkBytes - 1) / EvaluationQueue.ChunkBytes);
        for (int i = 0; i < count; i++)
        {
            int from = i * EvaluationQueue.ChunkBytes;
            queue.Report(new EvaluationResultChunk(a.EvaluationId, a.Attempt, i, count, json[from..Math.Min(json.Length, from + EvaluationQueue.ChunkBytes)])).Ignore();
        }
    }
}
