using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Security;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Web;

/// <summary>Wires the leaderboard into an ASP.NET Core app: the same for `rllab serve` and for the tests' factory.</summary>
public static class LeaderboardHost
{
    public const string UploadPolicy = "per-token";

    public static void AddServices(IServiceCollection services, LeaderboardOptions options)
    {
        var db = new Database(options.DataDir);
        var sandbox = options.Sandbox ?? Sandbox.Detect();
        services.AddSingleton(options);
        services.AddSingleton(db);
        services.AddSingleton(_ => new ChangeStamp(db)); // made by the container, so it closes the watch connection
        services.AddSingleton(sp => new PageCache(sp.GetRequiredService<ChangeStamp>()));
        services.AddSingleton(sandbox);
        services.AddSingleton(new UserStore(db));
        services.AddSingleton(new SubmissionStore(db, options.Quotas));
        services.AddSingleton(new JobQueue(db));
        services.AddSingleton(new LeagueStore(db));
        var bundles = new BundleStore(options.DataDir);
        bundles.SweepStaleUploads();
        services.AddSingleton(bundles);
        services.AddSingleton(new HiddenSeeds(ServerSecret.LoadOrCreate(options.DataDir)));
        var local = new EvaluationChild(options.EvaluatorCommand, sandbox, options.Limits);
        services.AddSingleton(options.Backend ?? local);
        services.AddSingleton(options.MatchBackend ?? local);
        services.AddSingleton(options.Validator ?? new BundleValidator());
        services.AddSingleton<WorkerPool>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkerPool>());
        // The replay and episode JSON compress about tenfold; pages and API answers are compressed alike.
        services.AddResponseCompression(o =>
        {
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            o.MimeTypes = [.. Microsoft.AspNetCore.ResponseCompression.ResponseCompressionDefaults.MimeTypes, "image/svg+xml"];
        });
        services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) => { OpenApiBearer.Declare(doc); return Task.CompletedTask; }));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (ctx, _) =>
            {
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan after))
                    ctx.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            // Per client address too, on every request that carries a token: many different wrong tokens share one bucket.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.Request.Headers.Authorization.Count == 0 ? RateLimitPartition.GetNoLimiter("anonymous")
                : RateLimitPartition.GetFixedWindowLimiter("ip:" + http.Connection.RemoteIpAddress, _ => new FixedWindowRateLimiterOptions
                    { PermitLimit = options.RatePermits * options.AddressRateFactor, Window = options.RateWindow, QueueLimit = 0 }));
            o.AddPolicy(UploadPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                TokenAuth.TokenOf(http) is string t ? "t:" + Tokens.Hash(t) : "ip:" + http.Connection.RemoteIpAddress,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.RatePermits, Window = options.RateWindow, QueueLimit = 0 }));
        });
    }

    public static void Configure(IApplicationBuilder app)
    {
        app.Use(async (ctx, next) =>
        {
            var h = ctx.Response.Headers;
            h.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            h.XContentTypeOptions = "nosniff";
            h["Referrer-Policy"] = "no-referrer";
            await next();
        });
        app.UseResponseCompression();
        // An API answer is never an empty body: binding failures (400), unknown routes (404) and the like get a JSON error.
        app.UseStatusCodePages(async ctx =>
        {
            var http = ctx.HttpContext;
            if (!http.Request.Path.StartsWithSegments("/api")) return;
            string phrase = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(http.Response.StatusCode);
            await http.Response.WriteAsJsonAsync(new ErrorResponse($"{http.Response.StatusCode} {phrase}: {http.Request.Method} {http.Request.Path} was not understood"));
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.UseEndpoints(e =>
        {
            e.MapOpenApi("/api/openapi/{documentName}.json");
            ApiEndpoints.Map(e);
            Pages.Map(e);
        });
    }
}
