using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Tests;

/// <summary>Tokens, the body cap, the rate limiter, the quotas and re-uploads, through WebApplicationFactory (no evaluation runs: zero workers).</summary>
public sealed class ApiLimitTests : IDisposable
{
    readonly TempDir _dir = new();
    readonly LeaderboardFactory _factory;
    readonly HttpClient _http;
    readonly string _token;

    public ApiLimitTests()
    {
        _factory = new LeaderboardFactory(new LeaderboardOptions(_dir.Path, ["false"])
        {
            Workers = 0, Validator = new PrefixValidator(), Races = Agents.SmallRaces, MaxUploadBytes = 1000,
            Quotas = new QuotaLimits(Scored: 5, Failed: 3, InFlight: 2), RatePermits = 100, Sandbox = Sandbox.None(),
        });
        _http = _factory.CreateClient();
        _token = _factory.Services.GetRequiredService<UserStore>().Add("alice");
    }

    HttpRequestMessage Upload(byte[] body, string? token, string race = "cartpole")
    {
        var req = new HttpRequestMessage(HttpMethod.Post, $"/api/submissions?race={race}&name=a.safetensors") { Content = new ByteArrayContent(body) };
        if (token is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return req;
    }

    static byte[] Good(int n) => [.. "GOOD"u8.ToArray(), (byte)n, (byte)(n >> 8)];

    [Fact]
    public async Task Missing_or_wrong_token_gets_401_and_nothing_is_stored()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.SendAsync(Upload(Good(1), null))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.SendAsync(Upload(Good(1), "rl_wrong"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.GetAsync("/api/quota")).StatusCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "bundles")));
        Assert.Equal(HttpStatusCode.Created, (await _http.SendAsync(Upload(Good(1), _token))).StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_cap_gets_413()
    {
        var r = await _http.SendAsync(Upload(new byte[1001], _token));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "bundles")));
        Assert.Equal(0, _factory.Services.GetRequiredService<JobQueue>().Pending());
    }

    [Fact]
    public async Task Two_in_flight_then_429_and_identical_bytes_return_the_existing_submission()
    {
        var a = await _http.SendAsync(Upload(Good(1), _token));
        var b = await _http.SendAsync(Upload(Good(2), _token));
        Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        Assert.Equal(HttpStatusCode.Created, b.StatusCode);
        var again = await _http.SendAsync(Upload(Good(1), _token));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.NotEqual(a.Headers.Location, b.Headers.Location);
        Assert.Contains("\"existing\":true", await again.Content.ReadAsStringAsync());
        Assert.Contains($"\"url\":\"{a.Headers.Location}\"", await again.Content.ReadAsStringAsync());
        var third = await _http.SendAsync(Upload(Good(3), _token));
        Assert.Equal((HttpStatusCode)429, third.StatusCode);
        Assert.Contains("\"inFlightLeft\":0", await third.Content.ReadAsStringAsync());
        Assert.Equal(2, _factory.Services.GetRequiredService<JobQueue>().Pending());
    }

    [Fact]
    public async Task Failures_have_their_own_quota_and_do_not_use_the_scored_one()
    {
        for (int i = 0; i < 3; i++)
        {
            var r = await _http.SendAsync(Upload([(byte)'B', (byte)i], _token));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
            Assert.Contains("not GOOD", await r.Content.ReadAsStringAsync());
        }
        Assert.Equal((HttpStatusCode)429, (await _http.SendAsync(Upload([(byte)'B', 9], _token))).StatusCode);
        var quota = _factory.Services.GetRequiredService<SubmissionStore>().QuotaOf(1);
        Assert.Equal(5, quota.ScoredLeft);
        Assert.Equal(0, quota.FailedLeft);
        Assert.Equal(0, _factory.Services.GetRequiredService<JobQueue>().Pending());
    }

    [Fact]
    public async Task The_rate_limiter_answers_429_with_Retry_After_per_token()
    {
        using var dir = new TempDir();
        using var factory = new LeaderboardFactory(_factory.Options with { DataDir = dir.Path, RatePermits = 3, RateWindow = TimeSpan.FromMinutes(1) });
        var http = factory.CreateClient();
        string bob = factory.Services.GetRequiredService<UserStore>().Add("bob");
        string carol = factory.Services.GetRequiredService<UserStore>().Add("carol");
        HttpRequestMessage Quota(string t) => new(HttpMethod.Get, "/api/quota") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", t) } };
        for (int i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Quota(bob))).StatusCode);
        var limited = await http.SendAsync(Quota(bob));
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Quota(carol))).StatusCode);
    }

    [Fact]
    public async Task Pages_carry_a_content_security_policy_and_the_api_has_an_openapi_document()
    {
        var page = await _http.GetAsync("/");
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        string openapi = await _http.GetStringAsync("/api/openapi/v1.json");
        Assert.Contains("/api/submissions", openapi);
    }

    public void Dispose()
    {
        _http.Dispose();
        _factory.Dispose();
        _dir.Dispose();
    }
}
