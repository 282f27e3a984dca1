using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Races;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Tests;

/// <summary>The pages and the API answers in each race's own terms, with HTTP's conventions (ETag, compression, pages of lists).</summary>
public sealed class PagesTests : IDisposable
{
    readonly TempDir _dir = new();
    readonly LeaderboardFactory _factory;
    readonly HttpClient _http;

    public PagesTests()
    {
        _factory = new LeaderboardFactory(new LeaderboardOptions(_dir.Path, ["false"])
        {
            Workers = 0, Validator = new PrefixValidator(), Races = RaceCatalog.Default(3), Sandbox = Sandbox.None(), MinFreeBytes = 0,
        });
        _http = _factory.CreateClient();
    }

    /// <summary>A scored submission as the worker pool writes one, with the race's own scoring of the given episodes.</summary>
    long Scored(string user, string race, string agent, params EpisodeResult[] hidden)
    {
        var users = _factory.Services.GetRequiredService<UserStore>();
        long uid = users.FindByToken(users.Add(user)) is { } u ? u.Id : throw new InvalidOperationException();
        return ScoredFor(uid, race, agent, hidden);
    }

    long ScoredFor(long uid, string race, string agent, params EpisodeResult[] hidden)
    {
        var store = _factory.Services.GetRequiredService<SubmissionStore>();
        var queue = _factory.Services.GetRequiredService<JobQueue>();
        long id = store.Create(uid, race, Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"), agent, 10, null).Id;
        Job job = queue.Claim()!;
        Race r = RaceCatalog.Default(3).First(x => x.Name == race);
        // Finish refuses a job that was requeued meanwhile: say so here, not as a missing row on a page later.
        Assert.True(queue.Finish(job, Status.Scored, null, r.Rules().Score(r, hidden), JsonSerializer.Serialize(hidden, EvaluationChild.Json)));
        return id;
    }

    static EpisodeResult Cart(int i, double ret) => new(i, ret, (int)ret, "time_limit", new Dictionary<string, double>());

    static EpisodeResult Drive(int i, double distance, bool crashed) => new(i, 100, 100, crashed ? "offroad" : "time_limit",
        new Dictionary<string, double> { ["distance"] = distance, ["crashed"] = crashed ? 1 : 0, ["completed"] = 0.5, ["laps"] = 0 },
        new Dictionary<string, double[]> { ["lap_times"] = [] });

    [Fact]
    public async Task Each_race_shows_its_own_columns_and_ties_share_a_rank()
    {
        Scored("ann", "cartpole", "a", Cart(0, 500), Cart(1, 500), Cart(2, 500));
        Scored("ben", "cartpole", "b", Cart(0, 500), Cart(1, 500), Cart(2, 500));
        Scored("cat", "cartpole", "c", Cart(0, 200), Cart(1, 300), Cart(2, 400));
        Scored("dan", "driving-distance", "d", Drive(0, 120.5, true), Drive(1, 300, false), Drive(2, 60, true));

        var cart = JsonDocument.Parse(await _http.GetStringAsync("/api/standings/cartpole")).RootElement;
        Assert.Equal([1, 1, 3], cart.EnumerateArray().Select(r => r.GetProperty("rank").GetInt32()));
        var distance = JsonDocument.Parse(await _http.GetStringAsync("/api/standings/driving-distance")).RootElement[0];
        Assert.Equal(160.16666666666666, distance.GetProperty("score").GetDouble(), 9);
        Assert.Equal(2.0 / 3, distance.GetProperty("metrics").GetProperty("crashed").GetDouble(), 9);

        string page = await _http.GetStringAsync("/");
        string cartSection = page[page.IndexOf("id=\"race-cartpole\"", StringComparison.Ordinal)..];
        Assert.DoesNotContain("Lap time", cartSection);
        Assert.DoesNotContain("MIT distance", cartSection);
        Assert.Contains("Mean return", cartSection);
        string distanceSection = page[page.IndexOf("id=\"race-driving-distance\"", StringComparison.Ordinal)..page.IndexOf("id=\"race-cartpole\"", StringComparison.Ordinal)];
        Assert.Contains("Distance (m)", distanceSection);
        Assert.Contains("160.2", distanceSection);
        Assert.Contains("<meta name=\"viewport\"", page);

        var races = JsonDocument.Parse(await _http.GetStringAsync("/api/races")).RootElement;
        Assert.Equal(["driving-time-trial", "driving-distance", "driving-traffic", "cartpole"], races.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.Equal("m", races[1].GetProperty("score").GetProperty("unit").GetString());
    }

    [Fact]
    public async Task A_user_page_a_season_page_and_the_api_page_render()
    {
        var users = _factory.Services.GetRequiredService<UserStore>();
        long uid = users.FindByToken(users.Add("eve"))!.Id;
        ScoredFor(uid, "cartpole", "first", Cart(0, 100), Cart(1, 100), Cart(2, 100));
        ScoredFor(uid, "cartpole", "second", Cart(0, 300), Cart(1, 300), Cart(2, 300));
        string user = await _http.GetStringAsync("/users/eve");
        Assert.Contains("<svg class=\"chart\"", user);
        Assert.Contains("second", user);
        Assert.Contains("<td>1</td>", user); // rank of the best this season
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/users/nobody")).StatusCode);
        var api = JsonDocument.Parse(await _http.GetStringAsync("/api/users/eve?limit=1")).RootElement;
        Assert.Equal(2, api.GetProperty("total").GetInt32());
        Assert.Equal("second", Assert.Single(api.GetProperty("submissions").EnumerateArray()).GetProperty("agent").GetString());

        _factory.Services.GetRequiredService<SubmissionStore>().NextSeason();
        Assert.Contains("Season 1 (past)", await _http.GetStringAsync("/seasons/1"));
        Assert.Contains("second", await _http.GetStringAsync("/seasons/1"));
        Assert.DoesNotContain("second", await _http.GetStringAsync("/"));
        Assert.Contains("href=\"/seasons/2\"", await _http.GetStringAsync("/seasons"));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/seasons/9")).StatusCode);

        string docs = await _http.GetStringAsync("/api/docs");
        Assert.Contains("<code>POST /api/submissions</code> &#xB7; token", docs);
        Assert.Contains("<code>GET /api/standings/{race}</code>", docs);
        Assert.DoesNotContain("<script", docs);
    }

    [Fact]
    public async Task Answers_carry_an_etag_are_compressed_and_lists_come_in_pages()
    {
        for (int i = 0; i < 5; i++) Scored($"u{i}", "cartpole", $"a{i}", Cart(0, 100 + i), Cart(1, 100), Cart(2, 100));
        var first = await _http.GetAsync("/api/standings/cartpole?limit=2&page=2");
        var rows = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal([3, 4], rows.EnumerateArray().Select(r => r.GetProperty("rank").GetInt32()));
        Assert.Equal("no-cache", first.Headers.CacheControl?.ToString());
        var etag = first.Headers.ETag!;
        var again = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/standings/cartpole?limit=2&page=2") { Headers = { IfNoneMatch = { etag } } });
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        var page = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { IfNoneMatch = { etag } } });
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("page=3&amp;limit=2", await _http.GetStringAsync("/?limit=2"));

        var raw = _factory.Server.CreateHandler();
        using var plain = new HttpClient(raw) { BaseAddress = _http.BaseAddress };
        var gz = await plain.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { AcceptEncoding = { new StringWithQualityHeaderValue("gzip") } } });
        Assert.Equal("gzip", Assert.Single(gz.Content.Headers.ContentEncoding));
    }

    public void Dispose()
    {
        _http.Dispose();
        _factory.Dispose();
        _dir.Dispose();
    }
}
