namespace RlLab.Leaderboard.Storage;

public static class Status
{
    public const string Queued = "queued", Running = "running", Scored = "scored", Failed = "failed";
}

public sealed record StatusEvent(long At, string Status, string? Note);

/// <summary>A submission as the pages and the API show it (never with seeds: the store has none).</summary>
public sealed record Submission(
    long Id, string User, string Race, int Season, string Sha256, string Agent, long Size,
    string Status, string? Reason, long Created, long? Finished,
    double? Primary, double? Secondary, double? MaxDistance, double? MeanLaps,
    string? EpisodesJson, string? ReplayJson, IReadOnlyList<StatusEvent> History);

public sealed record StandingRow(int Rank, long SubmissionId, string User, string Agent, double Primary, double? Secondary,
    double? MaxDistance, double? MeanLaps, long Created);

/// <summary>What a user has left in the rolling 24 h window, and when the next slot opens (unix ms; null when one is free).</summary>
public sealed record Quota(int ScoredLeft, int FailedLeft, int InFlightLeft, long? NextSlotAt);
