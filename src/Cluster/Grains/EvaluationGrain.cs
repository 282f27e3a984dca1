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
/// sends the outcome back in one-way chunks. Key: queue/evaluation/attempt.
/// </summary>
[PreferLocalPlacement]
public sealed class EvaluationGrain(WorkerEvaluator evaluator, WorkerSlots slots, ILogger<EvaluationGrain> log) : Grain, IEvaluationGrain
{
    /// <summary>
    /// Stands for the bundle's path in a failure message: the worker's temporary path goes out, the
    /// server puts its own back, so that a message reads as the local child's would.
    /// </summary>
    public const string BundlePathMarker = "\u0001bundle\u0001";

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
            // Only the file name crosses: a name with a folder in it stays in this folder.
            string name = Path.GetFileName(a.BundleName);
            string path = Path.Combine(dir, name.Length == 0 ? "bundle.safetensors" : name);
            ChildOutcome outcome;
            if (a.BundleBytes >= 0 && await FetchAsync(queue, a, path) is false)
            {
                log.LogInformation("evaluation {Id} attempt {Attempt}: the server dropped it", a.EvaluationId, a.Attempt);
                return;
            }
            if (a.BundleBytes >= 0 && !Matches(path, a))
                outcome = ChildOutcome.Server("the bundle arrived damaged at the worker (its size or sha256 differs from the server's)");
            else
            {
                Race race = JsonSerializer.Deserialize<Race>(a.RaceJson, EvaluationChild.Json) ?? throw new InvalidDataException("no race in the assignment");
                IEvaluationBackend child = evaluator.Create(new SandboxLimits(a.MemoryBytes, a.CpuSeconds, TimeSpan.FromSeconds(a.WallSeconds)));
                outcome = await child.RunAsync(path, race, a.HiddenSeeds, CancellationToken.None);
            }
            outcome = outcome with { Failure = outcome.Failure?.Replace(path, BundlePathMarker, StringComparison.Ordinal) };
            Report(queue, a, outcome);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "evaluation {Id} attempt {Attempt} failed on this worker", a.EvaluationId, a.Attempt);
            try { Report(queue, a, new ChildOutcome(null, $"the worker could not run the evaluation: {e.Message}")); }
            catch (Exception e2) { log.LogWarning(e2, "evaluation {Id}: could not report to the server", a.EvaluationId); }
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            slots.Release();
        }
    }

    /// <summary>Pulls the bundle; false when the server no longer holds this attempt (lost and retried elsewhere).</summary>
    static async Task<bool> FetchAsync(IEvaluationQueueGrain queue, EvaluationAssignment a, string path)
    {
        await using var stream = File.Create(path);
        long got = 0;
        for (int chunk = 0; got < a.BundleBytes; chunk++)
        {
            byte[] bytes = await queue.ReadBundleChunk(a.EvaluationId, a.Attempt, chunk);
            if (bytes.Length == 0) return false;
            await stream.WriteAsync(bytes);
            got += bytes.Length;
        }
        return true;
    }

    static bool Matches(string path, EvaluationAssignment a)
    {
        using var file = File.OpenRead(path);
        return file.Length == a.BundleBytes && Convert.ToHexStringLower(SHA256.HashData(file)) == a.BundleSha256;
    }

    /// <summary>The outcome as JSON in one-way chunks: a long result never sits in an awaited call.</summary>
    static void Report(IEvaluationQueueGrain queue, EvaluationAssignment a, ChildOutcome outcome)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(outcome, EvaluationChild.Json);
        int count = Math.Max(1, (json.Length + EvaluationQueue.ChunkBytes - 1) / EvaluationQueue.ChunkBytes);
        for (int i = 0; i < count; i++)
        {
            int from = i * EvaluationQueue.ChunkBytes;
            queue.Report(new EvaluationResultChunk(a.EvaluationId, a.Attempt, i, count, json[from..Math.Min(json.Length, from + EvaluationQueue.ChunkBytes)])).Ignore();
        }
    }
}
