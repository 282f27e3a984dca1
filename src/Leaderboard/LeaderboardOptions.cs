using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Races;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard;

/// <summary>Everything a server needs. <see cref="EvaluatorCommand"/> is the hidden verb's command line, without the bundle and race.</summary>
public sealed record LeaderboardOptions(string DataDir, IReadOnlyList<string> EvaluatorCommand)
{
    public IReadOnlyList<Race> Races { get; init; } = RaceCatalog.Default();
    /// <summary>The head-to-head races (leagues); their submissions enter the league and play matches.</summary>
    public IReadOnlyList<Race> Leagues { get; init; } = RaceCatalog.Leagues();
    /// <summary>Who plays whom next in a league, and when a league is settled.</summary>
    public League.Matchmaker Matchmaker { get; init; } = new();
    /// <summary>Where league matches run (null: a local sandboxed child, <see cref="EvaluationChild"/>).</summary>
    public IMatchBackend? MatchBackend { get; init; }
    public int Workers { get; init; } = Environment.ProcessorCount;
    public long MaxUploadBytes { get; init; } = 16L << 20;
    /// <summary>Uploads are refused (507) when the data folder's disk has less free space than this.</summary>
    public long MinFreeBytes { get; init; } = 1L << 30;
    public QuotaLimits Quotas { get; init; } = new();
    public SandboxLimits Limits { get; init; } = new();
    /// <summary>Requests per token per window on the authenticated API; a client address gets <see cref="AddressRateFactor"/> times as many, whatever tokens it sends.</summary>
    public int RatePermits { get; init; } = 60;
    public TimeSpan RateWindow { get; init; } = TimeSpan.FromMinutes(1);
    public int AddressRateFactor { get; init; } = 4;
    /// <summary>Null: detect unshare/prlimit at start-up.</summary>
    public Sandbox? Sandbox { get; init; }
    public IAgentValidator? Validator { get; init; }
    /// <summary>Null: evaluate in local sandboxed children (<see cref="EvaluationChild"/>).</summary>
    public IEvaluationBackend? Backend { get; init; }
    public string? PublicUrl { get; init; }
}
