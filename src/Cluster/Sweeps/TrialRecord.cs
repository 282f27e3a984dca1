namespace RlLab.Cluster.Sweeps;

public enum TrialStatus { Pending, Running, Done, Failed }

/// <summary>A trial's line in the ledger (sweep.json): where it stands and how many attempts it took.</summary>
public sealed class TrialRecord
{
    public required string Id { get; init; }
    public required int Seed { get; init; }
    public required List<KeyValuePair<string, string>> Values { get; init; }
    public TrialStatus Status { get; set; }
    /// <summary>Attempts started so far; an attempt's results count only while it is the newest.</summary>
    public int Attempts { get; set; }
    public int ExitCode { get; set; }
    public double WallSeconds { get; set; }
    /// <summary>Why the attempt failed outside its own training (copying files, a full disk, a lost worker); null when the training itself failed (its exit code) or did not.</summary>
    public string? Error { get; set; }
    /// <summary>Failed for a reason that is not the trial's own: a resume runs it again.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public bool FailedOutsideTraining => Status == TrialStatus.Failed && Error is not null;
    /// <summary>The silo of the newest attempt (Orleans' silo address); while running, its lease.</summary>
    public string? Worker { get; set; }
    [System.Text.Json.Serialization.JsonIgnore] public long Step { get; set; }
    [System.Text.Json.Serialization.JsonIgnore] public DateTime StartedUtc { get; set; }
    /// <summary>When the newest attempt last spoke (claimed, read its checkpoint, reported, shipped).</summary>
    [System.Text.Json.Serialization.JsonIgnore] public DateTime HeardUtc { get; set; }
}

/// <summary>sweep.json: the plan and every trial's record, written atomically on each change.</summary>
public sealed class SweepState
{
    public required string Name { get; init; }
    public required string Experiment { get; init; }
    public required string[] Sets { get; init; }
    public required int[] Seeds { get; init; }
    public required List<KeyValuePair<string, string[]>> Grid { get; init; }
    public double? Target { get; init; }
    public required List<TrialRecord> Trials { get; init; }

    public SweepPlan Plan() => new(Experiment, Sets, Seeds, Grid);
}
