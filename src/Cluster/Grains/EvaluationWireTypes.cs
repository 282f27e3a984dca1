namespace RlLab.Cluster.Grains;

/// <summary>
/// One leaderboard evaluation (or league match, <see cref="MatchAssignment"/>) handed to a worker. The race travels as the evaluation child's own
/// JSON, and the seeds in this record: neither ever appears on a command line. The bundle's bytes
/// are pulled separately in chunks (<see cref="IEvaluationQueueGrain.ReadBundleChunk"/>);
/// <see cref="BundleBytes"/> -1 says the server has no such file, so that the worker's child
/// reports it exactly as a local child would.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EvaluationAssignment(
    [property: Id(0)] string QueueKey,
    [property: Id(1)] string EvaluationId,
    [property: Id(2)] int Attempt,
    [property: Id(3)] string BundleName,
    [property: Id(4)] long BundleBytes,
    [property: Id(5)] string BundleSha256,
    [property: Id(6)] string RaceJson,
    [property: Id(8)] int[] HiddenSeeds,
    [property: Id(9)] long MemoryBytes,
    [property: Id(10)] int CpuSeconds,
    [property: Id(11)] double WallSeconds,
    [property: Id(12)] MatchAssignment? Match = null);

/// <summary>
/// What makes an assignment a league match: the second agent's bundle (pulled as bundle 1, the first
/// agent's being bundle 0) and the match's seed. The worker plays it in its match child, and the
/// outcome it reports is the match child's.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MatchAssignment(
    [property: Id(0)] string SecondName,
    [property: Id(1)] long SecondBytes,
    [property: Id(2)] string SecondSha256,
    [property: Id(3)] int Seed);

/// <summary>
/// A piece of the outcome (the ChildOutcome as JSON), sent one-way; the queue assembles the pieces
/// in whatever order they arrive and drops those of an attempt that is no longer current.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EvaluationResultChunk(
    [property: Id(0)] string EvaluationId,
    [property: Id(1)] int Attempt,
    [property: Id(2)] int Index,
    [property: Id(3)] int Count,
    [property: Id(4)] byte[] Bytes);
