namespace RlLab.Leaderboard.Storage;

public static class Status
{
    public const string Queued = "queued", Running = "running", Scored = "scored";
    /// <summary>The agent's failure (refused at the gate, or it broke a limit or threw): charged to the user's failed quota.</summary>
    public const string Failed = "failed";
    /// <summary>The server's failure (a killed child, a crash outside the policy) after every attempt: not charged.</summary>
    public const string Error = "error";
    /// <summary>Removed from the standings by an admin, with a reason.</summary>
    public const string Disqualified = "disqualified";

    /// <summary>Whose failure it was, for the page and the API: "agent", "server" or null.</summary>
    public static string? FailureOwner(string status) => status switch { Failed => "agent", Error => "server", _ => null };
}

public sealed record StatusEvent(long At, string Status, string? Note);

/// <summary>A submission as the pages and the API show it (never with seeds: the store has none).</summary>
public sealed record Submission(
    long Id, string User, string Race, int Season, string Sha256, string Agent, long Size,
    string Status, string? Reason, long Created, long? Finished,
    double? Primary, double? TieBreak, IReadOnlyDictionary<string, double> Summary,
    string? EpisodesJson, string? ReplayJson, IReadOnlyList<StatusEvent> History, string? DisqualifiedFor = null);

/// <summary>One line of a race's standings. Equal scores and tie-breaks share a rank (1, 1, 3).</summary>
public sealed record StandingRow(int Rank, long SubmissionId, string User, string Agent, double Primary, double? TieBreak,
    IReadOnlyDictionary<string, double> Summary, long Created);

/// <summary>
/// What a user has left in the rolling 24 h window, and when the next slot opens (unix ms; null when
/// one is free): <see cref="NextSlotAt"/> for scored runs, <see cref="NextFailedSlotAt"/> for failures.
/// </summary>
public sealed record Quota(int ScoredLeft, int FailedLeft, int InFlightLeft, long? NextSlotAt, long? NextFailedSlotAt = null);

/// <summary>One line of a user's page.</summary>
public sealed record UserSubmission(long Id, string Race, int Season, string Agent, string Status, double? Score, long Created);
