namespace RlLab.Cluster.Grains;

/// <summary>One trial handed to a worker: what to run, which attempt, and whether a checkpoint to resume from waits at the owner.</summary>
[GenerateSerializer, Immutable]
public sealed record TrialAssignment(
    [property: Id(0)] string SweepId,
    [property: Id(1)] string TrialId,
    [property: Id(2)] int Attempt,
    [property: Id(3)] string Experiment,
    [property: Id(4)] string[] Overrides,
    [property: Id(5)] string[] ResumeFiles);

/// <summary>Where a trial stands, sent one-way while it runs.</summary>
[GenerateSerializer, Immutable]
public sealed record TrialProgress(
    [property: Id(0)] string TrialId,
    [property: Id(1)] int Attempt,
    [property: Id(2)] long Step,
    [property: Id(3)] double MeanReturn);

/// <summary>
/// A piece of a file of a trial's run directory (relative path). A snapshot is several files
/// shipped together; it is written once all its chunks arrived, in whatever order.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FileChunk(
    [property: Id(0)] string TrialId,
    [property: Id(1)] int Attempt,
    [property: Id(2)] int Snapshot,
    [property: Id(3)] string RelativePath,
    [property: Id(4)] int Index,
    [property: Id(5)] int Count,
    [property: Id(6)] int FilesInSnapshot,
    [property: Id(7)] byte[] Bytes);

/// <summary>How an attempt ended: the child's exit code and wall time, start-up included.</summary>
[GenerateSerializer, Immutable]
public sealed record TrialOutcome(
    [property: Id(0)] string TrialId,
    [property: Id(1)] int Attempt,
    [property: Id(2)] int ExitCode,
    [property: Id(3)] double WallSeconds,
    [property: Id(4)] string? Error);

/// <summary>Counts of a sweep's trials, for the progress line.</summary>
[GenerateSerializer, Immutable]
public sealed record SweepCounts(
    [property: Id(0)] int Total,
    [property: Id(1)] int Done,
    [property: Id(2)] int Failed,
    [property: Id(3)] int Running,
    [property: Id(4)] int Retries);
