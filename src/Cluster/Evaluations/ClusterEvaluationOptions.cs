namespace RlLab.Cluster.Evaluations;

/// <summary>
/// How long the serve side waits, and how often it retries, when its evaluations run on a cluster.
/// An attempt is lost when its worker leaves the cluster or sends no result within the wall-clock
/// limit plus <see cref="ResultGrace"/> (the bundle's and the result's transfer, the child's start).
/// </summary>
public sealed record ClusterEvaluationOptions
{
    /// <summary>Attempts of one evaluation, the first included, before it fails.</summary>
    public int MaxAttempts { get; init; } = 3;
    /// <summary>How long an evaluation may wait for a free worker slot (a sweep may hold them all).</summary>
    public TimeSpan ClaimTimeout { get; init; } = TimeSpan.FromMinutes(30);
    public TimeSpan ResultGrace { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>How often dead workers and deadlines are checked.</summary>
    public TimeSpan CheckEvery { get; init; } = TimeSpan.FromSeconds(1);
}
