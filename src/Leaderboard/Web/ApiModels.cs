using RlLab.Leaderboard.Races;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Web;

public sealed record QuotaView(int ScoredLeft, int FailedLeft, int InFlightLeft, DateTimeOffset? NextSlotAt, DateTimeOffset? NextFailedSlotAt = null)
{
    public static QuotaView Of(Quota q) => new(q.ScoredLeft, q.FailedLeft, q.InFlightLeft, T(q.NextSlotAt), T(q.NextFailedSlotAt));

    static DateTimeOffset? T(long? ms) => ms is long t ? DateTimeOffset.FromUnixTimeMilliseconds(t) : null;
}

public sealed record SubmitResponse(long Id, string Url, string Status, string? Reason, bool Existing, QuotaView Quota);

public sealed record ErrorResponse(string Error, QuotaView? Quota = null);

/// <summary>A number a race shows: its key in <c>metrics</c>, its header and unit.</summary>
public sealed record ColumnView(string Key, string Header, string Unit)
{
    public static ColumnView Of(RaceColumn c) => new(c.Key, c.Header, c.Percent ? "%" : c.Unit);
}

public sealed record RaceView(string Name, string Title, string Kind, string Env, int Season, int HiddenEpisodes, int Laps,
    ColumnView Score, ColumnView? TieBreak, IReadOnlyList<ColumnView> Columns)
{
    public static RaceView Of(Race r, int season)
    {
        RaceColumns c = r.Rules().Columns;
        return new(r.Name, r.Title, r.Kind, r.EnvId, season, r.HiddenSeeds, r.Laps, ColumnView.Of(c.Score),
            c.TieBreak is null ? null : ColumnView.Of(c.TieBreak), [.. c.Standings.Select(ColumnView.Of)]);
    }
}

/// <summary>One line of the standings: <c>score</c> ranks (higher first), <c>tieBreak</c> breaks ties (lower first), <c>metrics</c> by the race's column keys.</summary>
public sealed record StandingView(int Rank, long Submission, string User, string Agent, double Score, double? TieBreak,
    IReadOnlyDictionary<string, double> Metrics, DateTimeOffset Date)
{
    public static StandingView Of(StandingRow r) => new(r.Rank, r.SubmissionId, r.User, r.Agent, r.Primary, r.TieBreak, r.Summary,
        DateTimeOffset.FromUnixTimeMilliseconds(r.Created));
}

/// <summary>One episode as shown: hidden ones are "Track 1..N" (or the race's noun), practice ones "Practice N".</summary>
public sealed record EpisodeView(string Name, double Return, int Steps, string End, IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, double[]>? Series);

public sealed record HistoryView(DateTimeOffset At, string Status, string? Note);

public sealed record SubmissionView(long Id, string User, string Race, int Season, string Agent, string Sha256, long Size, string Status,
    string? Reason, DateTimeOffset Created, DateTimeOffset? Finished, double? Score, double? TieBreak, IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<EpisodeView> Episodes, IReadOnlyList<HistoryView> History, string? FailedBy = null, string? DisqualifiedFor = null)
{
    public static SubmissionView Of(Submission s, Race? race)
    {
        var episodes = s.EpisodesJson is null ? [] :
            System.Text.Json.JsonSerializer.Deserialize<List<EpisodeResult>>(s.EpisodesJson, Evaluation.EvaluationChild.Json) ?? [];
        string noun = race?.Rules().EpisodeNoun ?? "Episode";
        // Practice first (-1, -2, ...), then the hidden ones in order.
        var views = episodes.OrderBy(e => e.Index < 0 ? int.MinValue - e.Index : e.Index)
            .Select(e => new EpisodeView(e.Label(noun), e.Return, e.Steps, e.End, e.Metrics, e.Series)).ToList();
        static DateTimeOffset T(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return new SubmissionView(s.Id, s.User, s.Race, s.Season, s.Agent, s.Sha256, s.Size, s.Status, s.Reason, T(s.Created),
            s.Finished is long f ? T(f) : null, s.Primary, s.TieBreak, s.Summary, views,
            [.. s.History.Select(h => new HistoryView(T(h.At), h.Status, h.Note))], Storage.Status.FailureOwner(s.Status), s.DisqualifiedFor);
    }
}

/// <summary>A user's page in JSON: their submissions, newest first, one page of them.</summary>
public sealed record UserView(string Name, IReadOnlyList<UserSubmissionView> Submissions, int Page, int Limit, int Total);

public sealed record UserSubmissionView(long Id, string Race, int Season, string Agent, string Status, double? Score, DateTimeOffset Created);
