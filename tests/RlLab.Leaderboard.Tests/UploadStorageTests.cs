using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Tests;

/// <summary>Only an accepted submission's bytes stay on disk; storage is capped per user and by the disk's free space; the small HTTP conventions.</summary>
public sealed class UploadStorageTests : IDisposable
{
    readonly TempDir _dir = new();

    LeaderboardFactory Factory(Func<LeaderboardOptions, LeaderboardOptions>? change = null)
    {
        var o = new LeaderboardOptions(_dir.Path, ["false"])
        {
            Workers = 0, Validator = new PrefixValidator(), Races = Agents.SmallRaces, MaxUploadBytes = 1000,
            Quotas = new QuotaLimits(Scored: 5, Failed: 3, InFlight: 2), RatePermits = 100, Sandbox = Sandbox.None(), MinFreeBytes = 0,
        };
        return new LeaderboardFactory(change is null ? o : change(o));
    }

    static HttpRequestMessage Upload(byte[] body, string? token, string name = "a.safetensors", string auth = "Bearer")
    {
        var req = new HttpRequestMessage(HttpMethod.Post, $"/api/submissions?race=cartpole&name={Uri.EscapeDataString(name)}") { Content = new ByteArrayContent(body) };
        if (token is not null) req.Headers.Authorization = new AuthenticationHeaderValue(auth, token);
        return req;
    }

    static byte[] Good(int n) => [.. "GOOD"u8.ToArray(), (byte)n, (byte)(n >> 8)];

    string[] Stored() => Directory.GetFiles(Path.Combine(_dir.Path, "bundles"));

    [Fact]
    public async Task Refused_uploads_leave_no_bytes_only_accepted_ones_stay()
    {
        using var factory = Factory();
        var http = factory.CreateClient();
        string token = factory.Services.GetRequiredService<UserStore>().Add("alice");
        Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(Upload(Good(1), token))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(Upload(Good(2), token))).StatusCode);
        Assert.Equal(2, Stored().Length);
        // In-flight quota spent: refused (429), and its bytes are gone.
        Assert.Equal((HttpStatusCode)429, (await http.SendAsync(Upload(Good(3), token))).StatusCode);
        // Invalid bundles (422) keep nothing either; the reason is stored, not the bytes.
        for (int i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.UnprocessableEntity, (await http.SendAsync(Upload([(byte)'B', (byte)i], token))).StatusCode);
        var failedQuota = await http.SendAsync(Upload([(byte)'B', 9], token));
        Assert.Equal((HttpStatusCode)429, failedQuota.StatusCode);
        Assert.True(failedQuota.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a spent failed quota says when the next slot opens");
        Assert.Contains("failed submissions", await failedQuota.Content.ReadAsStringAsync());
        Assert.Equal(2, Stored().Length);
        Assert.All(Stored(), f => Assert.EndsWith(".safetensors", f));
    }

    [Fact]
    public async Task A_spent_quota_is_refused_before_the_body_and_a_stale_temp_file_is_swept_at_start_up()
    {
        Directory.CreateDirectory(Path.Combine(_dir.Path, "bundles"));
        File.WriteAllBytes(Path.Combine(_dir.Path, "bundles", "upload-0123.tmp"), new byte[100]);
        using var factory = Factory(o => o with { Quotas = new QuotaLimits(Scored: 1) });
        var http = factory.CreateClient();
        Assert.Empty(Stored());
        string token = factory.Services.GetRequiredService<UserStore>().Add("alice");
        Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(Upload(Good(1), token))).StatusCode);
        var r = await http.SendAsync(Upload(Good(2), token));
        Assert.Equal((HttpStatusCode)429, r.StatusCode);
        Assert.Contains("no scored submissions left", await r.Content.ReadAsStringAsync());
        Assert.Single(Stored());
    }

    [Fact]
    public async Task Per_user_storage_and_the_free_space_floor_answer_507()
    {
        using (var factory = Factory(o => o with { Quotas = new QuotaLimits(StorageBytes: 10) }))
        {
            var http = factory.CreateClient();
            string token = factory.Services.GetRequiredService<UserStore>().Add("alice");
            Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(Upload(Good(1), token))).StatusCode); // 6 bytes
            var r = await http.SendAsync(Upload(Good(2), token));
            Assert.Equal((HttpStatusCode)507, r.StatusCode);
            Assert.Contains("storage:", await r.Content.ReadAsStringAsync());
            Assert.Single(Stored());
        }
        using (var factory = Factory(o => o with { DataDir = Path.Combine(_dir.Path, "full"), MinFreeBytes = long.MaxValue / 2 }))
        {
            var http = factory.CreateClient();
            string token = factory.Services.GetRequiredService<UserStore>().Add("bob");
            var r = await http.SendAsync(Upload(Good(1), token));
            Assert.Equal((HttpStatusCode)507, r.StatusCode);
            Assert.Contains("low on disk space", await r.Content.ReadAsStringAsync());
            Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "full", "bundles")));
        }
    }

    [Fact]
    public async Task The_bearer_scheme_is_case_insensitive_and_a_disabled_user_gets_403()
    {
        using var factory = Factory();
        var http = factory.CreateClient();
        var users = factory.Services.GetRequiredService<UserStore>();
        string token = users.Add("alice");
        Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(Upload(Good(1), token, auth: "bearer"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/quota")
            { Headers = { Authorization = new AuthenticationHeaderValue("BEARER", token) } })).StatusCode);
        users.Disable("alice");
        var r = await http.SendAsync(Upload(Good(2), token));
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Contains("disabled", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Many_different_wrong_tokens_from_one_address_are_rate_limited()
    {
        using var factory = Factory(o => o with { RatePermits = 3, AddressRateFactor = 2 });
        var http = factory.CreateClient();
        var codes = new List<HttpStatusCode>();
        for (int i = 0; i < 8; i++)
            codes.Add((await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/quota")
                { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", $"rl_wrong{i}") } })).StatusCode);
        Assert.Equal(6, codes.Count(c => c == HttpStatusCode.Unauthorized));
        Assert.Equal(2, codes.Count(c => c == (HttpStatusCode)429));
    }

    [Fact]
    public async Task Api_errors_have_json_bodies_and_the_openapi_document_declares_the_bearer_scheme()
    {
        using var factory = Factory();
        var http = factory.CreateClient();
        foreach (string url in new[] { "/api/standings/cartpole?season=abc", "/api/nothing-here", "/api/submissions/x" })
        {
            var r = await http.GetAsync(url);
            Assert.True((int)r.StatusCode is 400 or 404, $"{url}: {r.StatusCode}");
            using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("error").GetString()), url);
        }
        string token = factory.Services.GetRequiredService<UserStore>().Add("alice");
        var noRace = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/submissions")
            { Content = new ByteArrayContent(Good(1)), Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } });
        Assert.Equal(HttpStatusCode.BadRequest, noRace.StatusCode);
        Assert.Contains("\"error\":\"race:", await noRace.Content.ReadAsStringAsync());

        using var openapi = JsonDocument.Parse(await http.GetStringAsync("/api/openapi/v1.json"));
        var scheme = openapi.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var post = openapi.RootElement.GetProperty("paths").GetProperty("/api/submissions").GetProperty("post");
        Assert.True(post.GetProperty("security")[0].TryGetProperty("bearer", out _));
    }

    public void Dispose() => _dir.Dispose();
}
