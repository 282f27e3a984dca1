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
        services.AddSingleton(new BundleStore(options.DataDir));
        services.AddSingleton(new HiddenSeeds(ServerSecret.LoadOrCreate(options.DataDir)));
        services.AddSingleton(options.Backend ?? new EvaluationChild(options.EvaluatorCommand, sandbox, options.Limits));
        services.AddSingleton(options.Validator ?? new BundleValidator());
        services.AddSingleton<WorkerPool>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkerPool>());
        services.AddOpenApi();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (ctx, _) =>
            {
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan after))
                    ctx.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
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
