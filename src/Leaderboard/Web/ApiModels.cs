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

public sealed record RaceView(string Name, string Title, string Env, int Season, int HiddenTracks, int Laps);

public sealed record StandingView(int Rank, long Submission, string User, string Agent, double Score, double? MeanLapTime, double? MaxDistance, double? MeanLaps, DateTimeOffset Date);

/// <summary>One scored episode as shown: hidden tracks are "Track 1..N", the practice track is "Practice".</summary>
public sealed record TrackView(string Track, double CompletedFraction, double Distance, int Laps, IReadOnlyList<double> LapTimes, double Return, string End);

public sealed record HistoryView(DateTimeOffset At, string Status, string? Note);

public sealed record SubmissionView(long Id, string User, string Race, int Season, string Agent, string Sha256, long Size, string Status,
    string? Reason, DateTimeOffset Created, DateTimeOffset? Finished, double? Score, double? MeanLapTime, double? MaxDistance, double? MeanLaps,
    IReadOnlyList<TrackView> Tracks, IReadOnlyList<HistoryView> History, string? FailedBy = null, string? DisqualifiedFor = null)
{
    public static SubmissionView Of(Submission s, Race? race)
    {
        var episodes = s.EpisodesJson is null ? [] :
            System.Text.Json.JsonSerializer.Deserialize<List<EpisodeResult>>(s.EpisodesJson, Evaluation.EvaluationChild.Json) ?? [];
        var tracks = episodes.OrderBy(e => e.Index).Select(e => new TrackView(
            e.Index < 0 ? "Practice" : $"Track {e.Index + 1}",
            race is null ? 0 : RaceScore.CompletedFraction(race, e), e.Distance, e.Laps, e.LapTimes, e.Return, e.EndReason)).ToList();
        static DateTimeOffset T(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return new SubmissionView(s.Id, s.User, s.Race, s.Season, s.Agent, s.Sha256, s.Size, s.Status, s.Reason, T(s.Created),
            s.Finished is long f ? T(f) : null, s.Primary, s.Secondary, s.MaxDistance, s.MeanLaps, tracks,
            [.. s.History.Select(h => new HistoryView(T(h.At), h.Status, h.Note))], Storage.Status.FailureOwner(s.Status), s.DisqualifiedFor);
    }
}
