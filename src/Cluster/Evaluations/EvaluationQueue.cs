using System.Security.Cryptography;
using System.Text.Json;
using RlLab.Cluster.Grains;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Races;

namespace RlLab.Cluster.Evaluations;

/// <summary>
/// The serve side's evaluations (and league matches) on a cluster: waiting ones in arrival order, claimed ones with their
/// worker and deadline, and each one's result assembled from its chunks. An attempt that is lost
/// (worker dead, no result in time) goes back to the queue until <see cref="ClusterEvaluationOptions.MaxAttempts"/>;
/// a result from an attempt that is no longer current is dropped, so each evaluation ends once.
/// </summary>
public sealed class EvaluationQueue(string key, ClusterEvaluationOptions options)
{
    /// <summary>Bundle and result chunks: 1 MiB, well under Orleans' message size limit.</summary>
    public const int ChunkBytes = 1 << 20;

    /// <summary>How an attempt ended: the worker's result JSON, or why the server gave up on it.</summary>
    readonly record struct Result(byte[]? Json, string? ServerFailure);

    /// <summary>A match's second agent and its seed.</summary>
    sealed record Second(byte[]? Bundle, string Name, int Seed)
    {
        public string Sha256 { get; } = Sha(Bundle);
    }

    static string Sha(byte[]? bytes) => bytes is null ? "" : Convert.ToHexStringLower(SHA256.HashData(bytes));

    sealed class Entry(string id, byte[]? bundle, string bundleName, string raceJson, int[] hidden, SandboxLimits limits, DateTime now, Second? match)
    {
        public string Id { get; } = id;
        public byte[]? Bundle { get; } = bundle;
        public string Sha256 { get; } = Sha(bundle);
        public string BundleName { get; } = bundleName;
        public string RaceJson { get; } = raceJson;
        public int[] Hidden { get; } = hidden;
        public SandboxLimits Limits { get; } = limits;
        public Second? Match { get; } = match;
        /// <summary>Ends the waiting task with the outcome (set once, by whoever queued it).</summary>
        public Action<Result> Complete { get; set; } = _ => { };
        public int Attempt { get; set; }
        public string? Worker { get; set; }
        public DateTime Since { get; set; } = now;
        public byte[]?[]? Chunks { get; set; }
        public List<string> Lost { get; } = [];
    }

    readonly object gate = new();
    readonly List<Entry> entries = [];

    public string Key => key;

    /// <summary>Queues one evaluation; the task ends with its outcome (a failure when it cannot be run).</summary>
    /// <param name="bundle">The bundle's bytes; null when the server has no such file (the worker's child then reports it).</param>
    public Task<ChildOutcome> Add(string id, byte[]? bundle, string bundleName, Race race, IReadOnlyList<int> hiddenSeeds,
        SandboxLimits limits, DateTime now) =>
        Enqueue(new Entry(id, bundle, bundleName, JsonSerializer.Serialize(race, EvaluationChild.Json), [.. hiddenSeeds], limits, now, null),
            r => r.ServerFailure is string why ? ChildOutcome.Server(why)
                : Parse<ChildOutcome>(r.Json!, o => o.Output is not null || o.Failure is not null) ?? ChildOutcome.Server(Unreadable(r.Json!)));

    /// <summary>Queues one league match between two bundles (null: the server has no such file); the task ends with the match child's outcome.</summary>
    public Task<MatchChildOutcome> AddMatch(string id, byte[]? first, string firstName, byte[]? second, string secondName, Race league, int seed,
        SandboxLimits limits, DateTime now) =>
        Enqueue(new Entry(id, first, firstName, JsonSerializer.Serialize(league, EvaluationChild.Json), [], limits, now, new Second(second, secondName, seed)),
            r => r.ServerFailure is string why ? MatchChildOutcome.Server(why)
                : Parse<MatchChildOutcome>(r.Json!, o => o.Output is not null || o.Failure is not null) ?? MatchChildOutcome.Server(Unreadable(r.Json!)));

    /// <summary>Queues <paramref name="e"/>; its task ends, when the attempt does, with <paramref name="outcome"/> of the result.</summary>
    Task<T> Enqueue<T>(Entry e, Func<Result, T> outcome)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        e.Complete = r => done.TrySetResult(outcome(r));
        lock (gate) entries.Add(e);
        return done.Task;
    }

    /// <summary>Drops an evaluation nobody waits for any more (the server is stopping); a late result is ignored.</summary>
    public void Remove(string id)
    {
        lock (gate) entries.RemoveAll(e => e.Id == id);
    }

    public int Waiting()
    {
        lock (gate) return entries.Count(e => e.Worker is null);
    }

    /// <summary>Which worker runs which attempt now (for tests and the log).</summary>
    public IReadOnlyList<(string Id, int Attempt, string Worker)> Running()
    {
        lock (gate) return [.. entries.Where(e => e.Worker is not null).Select(e => (e.Id, e.Attempt, e.Worker!))];
    }

    public EvaluationAssignment? Claim(string worker, DateTime now)
    {
        lock (gate)
        {
            Entry? e = entries.FirstOrDefault(x => x.Worker is null);
            if (e is null) return null;
            e.Attempt++;
            e.Worker = worker;
            e.Since = now;
            e.Chunks = null;
            return new EvaluationAssignment(key, e.Id, e.Attempt, e.BundleName, e.Bundle?.LongLength ?? -1, e.Sha256, e.RaceJson,
                e.Hidden, e.Limits.MemoryBytes, e.Limits.CpuSeconds, e.Limits.Wall.TotalSeconds,
                e.Match is { } m ? new MatchAssignment(m.Name, m.Bundle?.LongLength ?? -1, m.Sha256, m.Seed) : null);
        }
    }

    public byte[] ReadBundleChunk(string id, int attempt, int chunk, int bundle = 0)
    {
        lock (gate)
        {
            byte[]? bytes = Current(id, attempt) is { } e ? bundle switch { 0 => e.Bundle, 1 => e.Match?.Bundle, _ => null } : null;
            if (bytes is null || chunk < 0) return [];
            long from = (long)chunk * ChunkBytes;
            return from >= bytes.Length ? [] : bytes[(int)from..(int)Math.Min(bytes.Length, from + ChunkBytes)];
        }
    }

    public void Report(EvaluationResultChunk c)
    {
        Entry? done = null;
        lock (gate)
        {
            if (Current(c.EvaluationId, c.Attempt) is not { } e || c.Count < 1 || c.Index < 0 || c.Index >= c.Count) return;
            if (e.Chunks is null || e.Chunks.Length != c.Count) e.Chunks = new byte[]?[c.Count];
            e.Chunks[c.Index] = c.Bytes;
            if (e.Chunks.All(b => b is not null))
            {
                entries.Remove(e);
                done = e;
            }
        }
        done?.Complete(new Result([.. done.Chunks!.SelectMany(b => b!)], null));
    }

    /// <summary>
    /// Re-queues the attempts of workers that left the cluster and of those past their deadline;
    /// fails evaluations out of attempts, and those no worker took within the claim timeout.
    /// </summary>
    public void Check(DateTime now, Func<string, bool> workerGone)
    {
        var failed = new List<(Entry, string)>();
        lock (gate)
        {
            foreach (Entry e in entries)
            {
                if (e.Worker is null)
                {
                    if (now - e.Since > options.ClaimTimeout)
                        failed.Add((e, $"no worker of the cluster took the evaluation within {options.ClaimTimeout.TotalMinutes:0.#} min" + LostSoFar(e)));
                    continue;
                }
                TimeSpan allowed = e.Limits.Wall + options.ResultGrace;
                string? lost = workerGone(e.Worker) ? "its worker left the cluster"
                    : now - e.Since > allowed ? $"its worker sent no result within {allowed.TotalSeconds:0} s" : null;
                if (lost is null) continue;
                e.Lost.Add(lost);
                if (e.Attempt >= options.MaxAttempts)
                {
                    failed.Add((e, $"evaluation lost on the cluster {e.Attempt} times (last: {lost})"));
                    continue;
                }
                (e.Worker, e.Since, e.Chunks) = (null, now, null);
            }
            foreach (var (e, _) in failed) entries.Remove(e);
        }
        foreach (var (e, reason) in failed) e.Complete(new Result(null, reason));
    }

    static string LostSoFar(Entry e) => e.Lost.Count == 0 ? "" : $" after {e.Lost.Count} lost {(e.Lost.Count == 1 ? "attempt" : "attempts")} ({e.Lost[^1]})";

    Entry? Current(string id, int attempt) => entries.FirstOrDefault(e => e.Id == id && e.Attempt == attempt && e.Worker is not null);

    /// <summary>The worker's outcome, or null when it is unreadable or empty (<see cref="Unreadable"/> says which).</summary>
    static T? Parse<T>(byte[] json, Func<T, bool> hasContent) where T : class
    {
        try { return JsonSerializer.Deserialize<T>(json, EvaluationChild.Json) is { } o && hasContent(o) ? o : null; }
        catch (JsonException) { return null; }
    }

    static string Unreadable(byte[] json)
    {
        try
        {
            using var _ = JsonDocument.Parse(json);
            return "the worker returned an empty result";
        }
        catch (JsonException) { return "the worker returned an unreadable result"; }
    }
}
