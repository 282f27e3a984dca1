using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Security;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Web;

/// <summary>The JSON API under /api (described by /api/openapi/v1.json).</summary>
public static class ApiEndpoints
{
    public static void Map(IEndpointRouteBuilder e)
    {
        var api = e.MapGroup("/api");
        api.MapGet("/races", (HttpContext http, LeaderboardOptions o, SubmissionStore s, PageCache cache) =>
            Json(http, cache, "/api/races", () => o.Races.Select(r => RaceView.Of(r, s.CurrentSeason())).ToList()))
            .Produces<List<RaceView>>(200);
        api.MapGet("/standings/{race}", (string race, int? season, int? page, int? limit, HttpContext http, LeaderboardOptions o, SubmissionStore s, PageCache cache) =>
        {
            var (p, l) = Paging.Of(page, limit);
            return o.Races.Any(r => r.Name == race)
                ? Json(http, cache, $"/api/standings/{race}?{season},{p},{l}", () =>
                    s.Standings(race, season ?? s.CurrentSeason()).Skip((p - 1) * l).Take(l).Select(StandingView.Of).ToList())
                : Error(StatusCodes.Status404NotFound, $"no race '{race}'");
        }).Produces<List<StandingView>>(200).Produces<ErrorResponse>(404);
        api.MapGet("/submissions/{id:long}", (long id, HttpContext http, LeaderboardOptions o, SubmissionStore s, PageCache cache) =>
            s.Get(id) is { } sub ? Json(http, cache, $"/api/submissions/{id}", () => SubmissionView.Of(sub, o.Races.FirstOrDefault(r => r.Name == sub.Race)))
                : Error(StatusCodes.Status404NotFound, $"no submission {id}"))
            .Produces<SubmissionView>(200).Produces<ErrorResponse>(404);
        api.MapGet("/submissions/{id:long}/replay", (long id, int? practice, SubmissionStore s) =>
        {
            var replays = Pages.ReplaysOf(s.Get(id)?.ReplayJson);
            int i = (practice ?? 1) - 1;
            return i >= 0 && i < replays.Count ? TypedResults.Json(replays[i], EvaluationChild.Json) : Error(StatusCodes.Status404NotFound, "no replay");
        }).Produces<Races.Replay>(200).Produces<ErrorResponse>(404);
        api.MapGet("/league/{race}", (string race, HttpContext http, LeaderboardOptions o, SubmissionStore s, LeagueStore league, PageCache cache) =>
            o.Leagues.Any(r => r.Name == race)
                ? Json(http, cache, $"/api/league/{race}", () => LeagueStandingView.Of(league.Table(race, s.CurrentSeason()), league.Entrants(race, s.CurrentSeason())))
                : Error(StatusCodes.Status404NotFound, $"no league '{race}'"))
            .Produces<List<LeagueStandingView>>(200).Produces<ErrorResponse>(404);
        api.MapGet("/league/{race}/matches/{id:long}/replay", (string race, long id, LeagueStore league) =>
            league.Match(race, id)?.ReplayJson is string json ? Results.Text(json, "application/json") : Error(StatusCodes.Status404NotFound, "no replay"))
            .Produces<Races.PongReplay>(200).Produces<ErrorResponse>(404);
        api.MapGet("/users/{name}", (string name, int? page, int? limit, HttpContext http, SubmissionStore s, PageCache cache) =>
        {
            name = Paging.RouteName(name);
            var (p, l) = Paging.Of(page, limit);
            return s.OfUser(name, (p - 1) * l, l) is { } list
                ? Json(http, cache, $"/api/users/{name}?{p},{l}", () => new UserView(name,
                    [.. list.Items.Select(i => new UserSubmissionView(i.Id, i.Race, i.Season, i.Agent, i.Status, i.Score, DateTimeOffset.FromUnixTimeMilliseconds(i.Created)))],
                    p, l, list.Total))
                : Error(StatusCodes.Status404NotFound, $"no user '{name}'");
        }).Produces<UserView>(200).Produces<ErrorResponse>(404);
        api.MapGet("/quota", IResult (HttpContext http, UserStore users, SubmissionStore s) =>
            TokenAuth.UserOf(http, users) is { } u ? TypedResults.Ok(QuotaView.Of(s.QuotaOf(u.Id))) : Unauthorized(http))
            .RequireRateLimiting(LeaderboardHost.UploadPolicy).Produces<QuotaView>(200).Produces<ErrorResponse>(401);
        api.MapPost("/submissions", Submit).RequireRateLimiting(LeaderboardHost.UploadPolicy)
            .Accepts<byte[]>("application/octet-stream")
            .Produces<SubmitResponse>(201).Produces<SubmitResponse>(200).Produces<SubmitResponse>(422)
            .Produces<ErrorResponse>(400).Produces<ErrorResponse>(401).Produces<ErrorResponse>(403).Produces<ErrorResponse>(413)
            .Produces<ErrorResponse>(429).Produces<ErrorResponse>(507);
    }

    static IResult Unauthorized(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Json(new ErrorResponse("a valid token is required (Authorization: Bearer …)"), statusCode: 401);
    }

    /// <summary>A JSON answer through the page cache: rendered once per database state, sent with its ETag.</summary>
    static IResult Json<T>(HttpContext http, PageCache cache, string key, Func<T> render) =>
        PageCache.Send(http, cache.GetOrRender(key, () => PageCache.Answer(JsonSerializer.Serialize(render(), EvaluationChild.Json), "application/json; charset=utf-8")));

    static readonly SemaphoreSlim Validations = new(Math.Max(1, Environment.ProcessorCount));

    /// <summary>
    /// POST /api/submissions?race=R&amp;name=agent.safetensors with the bundle's bytes as the body. Every
    /// check that needs no body (cap, token, race, name, quota, storage) runs before a byte is read, and
    /// the body's temp file is deleted on every path except an accepted submission.
    /// </summary>
    static async Task<IResult> Submit(HttpContext http, string? race, string? name, LeaderboardOptions o, UserStore users,
        SubmissionStore store, BundleStore bundles, IAgentValidator validator, WorkerPool workers)
    {
        if (http.Request.ContentLength > o.MaxUploadBytes) return TooLarge(o);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } cap) cap.MaxRequestBodySize = o.MaxUploadBytes;
        if (TokenAuth.UserOf(http, users) is not { } user) return Unauthorized(http);
        if (user.Disabled) return Error(StatusCodes.Status403Forbidden, $"user '{user.Name}' is disabled by the server's admin");
        var raceDef = o.Races.Concat(o.Leagues).FirstOrDefault(r => r.Name == race);
        if (raceDef is null) return Error(StatusCodes.Status400BadRequest, $"race: no race '{race}' (known: {string.Join(", ", o.Races.Concat(o.Leagues).Select(r => r.Name))})");
        string agent;
        try { agent = Names.Check(string.IsNullOrEmpty(name) ? "agent" : Path.GetFileNameWithoutExtension(name), "the agent name", Names.MaxAgent); }
        catch (ArgumentException e) { return Error(StatusCodes.Status422UnprocessableEntity, $"name: {e.Message}"); }

        // The 24 h quota is spent: refused before the body. (With only the in-flight slots taken, the body is read so that
        // identical bytes still get their existing submission; other bytes are then refused and deleted.)
        Quota before = store.QuotaOf(user.Id);
        if (before.ScoredLeft == 0) return QuotaRefused(http, before, failure: false);
        long expected = http.Request.ContentLength ?? o.MaxUploadBytes;
        long stored = store.StoredBytesOf(user.Id);
        if (stored + Math.Min(expected, o.MaxUploadBytes) > o.Quotas.StorageBytes)
            return Error(StatusCodes.Status507InsufficientStorage, $"storage: your accepted bundles use {stored >> 20} MiB of your {o.Quotas.StorageBytes >> 20} MiB");
        if (bundles.FreeBytes() - expected < o.MinFreeBytes)
            return Error(StatusCodes.Status507InsufficientStorage, "storage: the server is low on disk space; try again later");

        (string TempPath, string Sha, long Size)? received;
        try { received = await bundles.ReceiveAsync(http.Request.Body, o.MaxUploadBytes, http.RequestAborted); }
        catch (BadHttpRequestException e) when (e.StatusCode == 413) { return TooLarge(o); }
        if (received is not { } upload) return TooLarge(o);
        bool kept = false;
        try
        {
            // Identical bytes: the existing submission, without validating again (unless the server failed it: then it runs again).
            if (store.FindExisting(user.Id, race!, upload.Sha) is long known && store.Get(known) is { Status: not Status.Error } previous)
                return TypedResults.Ok(new SubmitResponse(known, $"/submissions/{known}", previous.Status, previous.Reason, true, QuotaView.Of(store.QuotaOf(user.Id))));

            AgentVerdict verdict;
            await Validations.WaitAsync(http.RequestAborted);
            try { verdict = await Task.Run(() => validator.Validate(upload.TempPath, raceDef)); }
            finally { Validations.Release(); }

            // Accepted bytes are in place before their job is committed, so a worker never claims a job without its file.
            bool existed = bundles.Has(upload.Sha);
            if (verdict.Failure is null) { bundles.Keep(upload.TempPath, upload.Sha); kept = true; }
            var (outcome, id, quota) = store.Create(user.Id, race!, upload.Sha, agent, upload.Size, verdict.Failure, verdict.Note);
            if (kept && !existed && outcome is not (CreateOutcome.Created or CreateOutcome.Requeued or CreateOutcome.Existing) && !store.References(upload.Sha))
                BundleStore.Discard(bundles.PathOf(upload.Sha));
            string url = $"/submissions/{id}";
            switch (outcome)
            {
                case CreateOutcome.QuotaExceeded:
                    return QuotaRefused(http, quota, verdict.Failure is not null);
                case CreateOutcome.StorageExceeded:
                    return Error(StatusCodes.Status507InsufficientStorage, $"storage: this bundle would take you past your {o.Quotas.StorageBytes >> 20} MiB");
                case CreateOutcome.Existing:
                    var old = store.Get(id)!;
                    return TypedResults.Ok(new SubmitResponse(id, url, old.Status, old.Reason, true, QuotaView.Of(quota)));
                case CreateOutcome.Requeued:
                    workers.Wake();
                    return TypedResults.Ok(new SubmitResponse(id, url, Status.Queued, null, true, QuotaView.Of(quota)));
                default:
                    if (verdict.Failure is null) workers.Wake();
                    var body = new SubmitResponse(id, url, verdict.Failure is null ? Status.Queued : Status.Failed, verdict.Failure ?? verdict.Note, false, QuotaView.Of(quota));
                    return verdict.Failure is null ? TypedResults.Created(url, body) : TypedResults.UnprocessableEntity(body);
            }
        }
        finally
        {
            if (!kept) BundleStore.Discard(upload.TempPath);
        }
    }

    static IResult QuotaRefused(HttpContext http, Quota quota, bool failure)
    {
        if ((failure ? quota.NextFailedSlotAt : quota.NextSlotAt) is long next)
            http.Response.Headers.RetryAfter = Math.Max(1, (next - Database.Now() + 999) / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string why = failure ? "quota: no failed submissions left in the last 24 h"
            : quota.InFlightLeft == 0 ? "quota: submissions already in flight; wait for one to finish" : "quota: no scored submissions left in the last 24 h";
        return TypedResults.Json(new ErrorResponse(why, QuotaView.Of(quota)), statusCode: StatusCodes.Status429TooManyRequests);
    }

    internal static IResult Error(int status, string message) => TypedResults.Json(new ErrorResponse(message), statusCode: status);

    static IResult TooLarge(LeaderboardOptions o) =>
        TypedResults.Json(new ErrorResponse($"the body is larger than the cap of {o.MaxUploadBytes} bytes"), statusCode: 413);
}
