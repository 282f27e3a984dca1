using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Web;

/// <summary>The JSON API under /api (described by /api/openapi/v1.json).</summary>
public static class ApiEndpoints
{
    public static void Map(IEndpointRouteBuilder e)
    {
        var api = e.MapGroup("/api");
        api.MapGet("/races", (LeaderboardOptions o, SubmissionStore s) =>
        {
            int season = s.CurrentSeason();
            return o.Races.Select(r => new RaceView(r.Name, r.Title, r.EnvId, season, r.HiddenSeeds, r.Laps)).ToList();
        });
        api.MapGet("/standings/{race}", IResult (string race, int? season, LeaderboardOptions o, SubmissionStore s) =>
            o.Races.Any(r => r.Name == race)
                ? TypedResults.Ok(s.Standings(race, season ?? s.CurrentSeason()).Select(ToView).ToList())
                : TypedResults.NotFound(new ErrorResponse($"no race '{race}'")));
        api.MapGet("/submissions/{id:long}", IResult (long id, LeaderboardOptions o, SubmissionStore s) =>
            s.Get(id) is { } sub ? TypedResults.Ok(SubmissionView.Of(sub, o.Races.FirstOrDefault(r => r.Name == sub.Race)))
                : TypedResults.NotFound(new ErrorResponse($"no submission {id}")));
        api.MapGet("/submissions/{id:long}/replay", IResult (long id, SubmissionStore s) =>
            s.Get(id)?.ReplayJson is string json ? TypedResults.Text(json, "application/json") : TypedResults.NotFound(new ErrorResponse("no replay")));
        api.MapGet("/quota", IResult (HttpContext http, UserStore users, SubmissionStore s) =>
            TokenAuth.UserOf(http, users) is { } u ? TypedResults.Ok(QuotaView.Of(s.QuotaOf(u.Id))) : Unauthorized(http))
            .RequireRateLimiting(LeaderboardHost.UploadPolicy);
        api.MapPost("/submissions", Submit).RequireRateLimiting(LeaderboardHost.UploadPolicy)
            .Accepts<byte[]>("application/octet-stream")
            .Produces<SubmitResponse>(201).Produces<SubmitResponse>(200).Produces<SubmitResponse>(422)
            .Produces<ErrorResponse>(401).Produces<ErrorResponse>(413).Produces<ErrorResponse>(429);
    }

    static IResult Unauthorized(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Json(new ErrorResponse("a valid token is required (Authorization: Bearer …)"), statusCode: 401);
    }

    static StandingView ToView(StandingRow r) => new(r.Rank, r.SubmissionId, r.User, r.Agent, r.Primary, r.Secondary, r.MaxDistance, r.MeanLaps,
        DateTimeOffset.FromUnixTimeMilliseconds(r.Created));

    static readonly SemaphoreSlim Validations = new(Math.Max(1, Environment.ProcessorCount));

    /// <summary>POST /api/submissions?race=R&amp;name=agent.safetensors with the bundle's bytes as the body.</summary>
    static async Task<IResult> Submit(HttpContext http, string race, string? name, LeaderboardOptions o, UserStore users,
        SubmissionStore store, BundleStore bundles, IAgentValidator validator, WorkerPool workers)
    {
        // The cap is checked before a byte of the body is read.
        if (http.Request.ContentLength > o.MaxUploadBytes) return TooLarge(o);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } cap) cap.MaxRequestBodySize = o.MaxUploadBytes;
        if (TokenAuth.UserOf(http, users) is not { } user) return Unauthorized(http);
        var raceDef = o.Races.FirstOrDefault(r => r.Name == race);
        if (raceDef is null) return TypedResults.BadRequest(new ErrorResponse($"race: no race '{race}' (known: {string.Join(", ", o.Races.Select(r => r.Name))})"));
        string agent = string.IsNullOrWhiteSpace(name) ? "agent" : Path.GetFileNameWithoutExtension(name.Length > 100 ? name[..100] : name);

        (string TempPath, string Sha, long Size)? received;
        try { received = await bundles.ReceiveAsync(http.Request.Body, o.MaxUploadBytes, http.RequestAborted); }
        catch (BadHttpRequestException e) when (e.StatusCode == 413) { return TooLarge(o); }
        if (received is not { } upload) return TooLarge(o);
        string path = bundles.Keep(upload.TempPath, upload.Sha);
        // Identical bytes: the existing submission, without validating again.
        if (store.FindExisting(user.Id, race, upload.Sha) is long known)
        {
            var old = store.Get(known)!;
            return TypedResults.Ok(new SubmitResponse(known, $"/submissions/{known}", old.Status, old.Reason, true, QuotaView.Of(store.QuotaOf(user.Id))));
        }

        string? failure;
        await Validations.WaitAsync(http.RequestAborted);
        try { failure = await Task.Run(() => validator.Validate(path, raceDef.EnvId)); }
        finally { Validations.Release(); }

        var (outcome, id, quota) = store.Create(user.Id, race, upload.Sha, agent, upload.Size, failure);
        string url = $"/submissions/{id}";
        switch (outcome)
        {
            case CreateOutcome.QuotaExceeded:
                if (quota.NextSlotAt is long next)
                    http.Response.Headers.RetryAfter = Math.Max(1, (next - Database.Now()) / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Json(new ErrorResponse("quota: no submissions left in the last 24 h (or 2 already in flight)", QuotaView.Of(quota)), statusCode: 429);
            case CreateOutcome.Existing:
                var old = store.Get(id)!;
                return TypedResults.Ok(new SubmitResponse(id, url, old.Status, old.Reason, true, QuotaView.Of(quota)));
            default:
                if (failure is null) workers.Wake();
                var body = new SubmitResponse(id, url, failure is null ? Status.Queued : Status.Failed, failure, false, QuotaView.Of(quota));
                return failure is null ? TypedResults.Created(url, body) : TypedResults.UnprocessableEntity(body);
        }
    }

    static IResult TooLarge(LeaderboardOptions o) =>
        TypedResults.Json(new ErrorResponse($"the body is larger than the cap of {o.MaxUploadBytes} bytes"), statusCode: 413);
}
