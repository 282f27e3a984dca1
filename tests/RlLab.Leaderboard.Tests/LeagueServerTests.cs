using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.League;
using RlLab.Leaderboard.Races;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Tests;

/// <summary>
/// The league on a real server (Kestrel, the real gate, matches in the real sandboxed child): three tiny
/// agents enter, play until the league is settled, and the pages show the log's ratings; a restart changes
/// nothing and a disqualification replays the table. Then chromium on the league and match pages.
/// </summary>
public sealed class LeagueServerTests(LeagueAgents agents) : IClassFixture<LeagueAgents>
{
    const string Race = "pong-league";

    static LeaderboardOptions Options(string dir, int workers) => new(dir, Agents.EvaluatorCommand)
    {
        Workers = workers, Races = [], Leagues = [RaceCatalog.PongLeague(games: 2, pointsToWin: 2)], Validator = new BundleValidator(),
        Matchmaker = new Matchmaker(minMatches: 2, settledSigma: 7.5), Sandbox = Sandbox.None(),
        Limits = new SandboxLimits(WallClock: TimeSpan.FromSeconds(60)),
    };

    static HttpRequestMessage Upload(string bundle, string token, string name) =>
        new(HttpMethod.Post, $"/api/submissions?race={Race}&name={name}.safetensors")
        { Content = new ByteArrayContent(File.ReadAllBytes(bundle)), Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };

    static string K(long id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Three_agents_play_until_settled_the_pages_show_the_logs_ratings_a_restart_keeps_them_and_a_disqualification_replays_them()
    {
        using var dir = new TempDir();
        int port = RllabProcess.FreePort();
        string url = $"http://127.0.0.1:{port}";
        var ids = new List<long>();
        IReadOnlyList<LeagueStanding> settled;
        using (var factory = new LeaderboardFactory(Options(dir.Path, workers: 1)))
        {
            factory.UseKestrel(port);
            factory.StartServer();
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            var users = factory.Services.GetRequiredService<UserStore>();
            foreach (var (name, bundle) in new[] { ("ann", agents.A), ("bob", agents.B), ("cyd", agents.C) })
            {
                var r = await http.SendAsync(Upload(bundle, users.Add(name), name));
                Assert.Equal(HttpStatusCode.Created, r.StatusCode);
                ids.Add(JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64());
            }
            // Another frameskip is refused at upload, naming the option.
            var refused = await http.SendAsync(Upload(agents.Skip5, users.Add("dee"), "five"));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.StartsWith("frameskip:", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("reason").GetString());

            var league = factory.Services.GetRequiredService<LeagueStore>();
            var matchmaker = factory.Options.Matchmaker;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (Busy(factory) || league.Table(Race, 1).Count < 3 || matchmaker.Next(league.Table(Race, 1)) is not null)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), "the league did not settle");
                await Task.Delay(200);
            }
            var log = league.Log(Race, 1);
            settled = league.Table(Race, 1);
            Assert.Equivalent(LeagueTable.Recompute(log, ids.Select(K)), settled, strict: true);
            Assert.All(settled, t => Assert.True(t.Matches >= 2));
            Console.WriteLine($"league: {log.Count} matches in {clock.Elapsed.TotalSeconds:F1} s");

            string page = await http.GetStringAsync($"/league/{Race}");
            foreach (var t in settled) Assert.Contains(t.Ordinal.ToString("F2", CultureInfo.InvariantCulture), page);
            var api = JsonDocument.Parse(await http.GetStringAsync($"/api/league/{Race}")).RootElement;
            Assert.Equal(settled.Select(t => (long.Parse(t.Agent, CultureInfo.InvariantCulture), t.Ordinal)),
                api.EnumerateArray().Select(x => (x.GetProperty("submission").GetInt64(), x.GetProperty("ordinal").GetDouble())));
            // Every played match has its replay, and its seeds are public now.
            foreach (var m in league.Matches(Race, 1).Where(m => m.State == "done"))
            {
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/league/{Race}/matches/{m.Id}/replay")).StatusCode);
                Assert.Contains($"Seeds {m.Seed} (public", await http.GetStringAsync($"/league/{Race}/matches/{m.Id}"));
            }
            await Browse(url, league.Matches(Race, 1).First(m => m.State == "done").Id, ids[0]);
        }

        // A restart replays the same log: the same table. Then a disqualification replays it without the agent.
        using (var factory = new LeaderboardFactory(Options(dir.Path, workers: 0)))
        {
            var league = factory.Services.GetRequiredService<LeagueStore>();
            Assert.Equivalent(settled, league.Table(Race, 1), strict: true);
            factory.Services.GetRequiredService<SubmissionStore>().Disqualify(ids[0], "a test");
            var after = league.Table(Race, 1);
            Assert.Equal(2, after.Count);
            Assert.Equivalent(LeagueTable.Recompute(league.Log(Race, 1), ids.Select(K), new HashSet<string> { K(ids[0]) }), after, strict: true);
            string page = await factory.CreateClient().GetStringAsync($"/league/{Race}");
            Assert.Contains("<del>ann by ann</del>", page);
        }
    }

    static bool Busy(LeaderboardFactory factory)
    {
        using var c = factory.Services.GetRequiredService<Database>().Open();
        return Database.Scalar<long>(c, "SELECT COUNT(*) FROM league_matches WHERE state IN ('queued','running')")
            + Database.Scalar<long>(c, "SELECT COUNT(*) FROM jobs WHERE state IN ('queued','running')") > 0;
    }

    static async Task Browse(string url, long matchId, long agentId)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium", Args = ["--no-sandbox", "--disable-gpu"], Headless = true,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 700 } });
        await page.GotoAsync(url + "/league");
        Assert.Equal(3, await page.Locator("#league-table tr").CountAsync() - 1);
        Assert.True(await page.Locator("#matches tr").CountAsync() > 3);
        await Shot(page, "leaderboard-league");

        await page.GotoAsync($"{url}/league/{Race}/matches/{matchId}");
        await page.WaitForSelectorAsync("canvas[data-drawn=true]");
        Assert.Equal(2, await page.Locator("#games tr").CountAsync() - 1);
        await page.Locator("#scrub").FillAsync("0");
        Assert.StartsWith("step 0 /", await page.Locator("#frame").TextContentAsync());
        await page.Locator("#play").ClickAsync();
        await page.WaitForFunctionAsync("() => !document.getElementById('frame').textContent.startsWith('step 0 ')");
        await page.Locator("#pause").ClickAsync();
        await Shot(page, "leaderboard-league-match");

        await page.GotoAsync($"{url}/league/{Race}/agents/{agentId}");
        Assert.Equal(1, await page.Locator("svg.chart").CountAsync());
        // The user's page: the rating history of the user's entrant.
        await page.GotoAsync($"{url}/users/ann");
        Assert.Equal(1, await page.Locator("svg.chart").CountAsync());
        await Shot(page, "leaderboard-league-user");

        var phone = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        foreach (string path in new[] { $"/league/{Race}", $"/league/{Race}/matches/{matchId}", $"/league/{Race}/agents/{agentId}", "/users/ann" })
        {
            await phone.GotoAsync(url + path);
            int width = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 390, $"{path} is {width} px wide at 390");
        }
    }

    static async Task Shot(IPage page, string name)
    {
        string shot = Environment.GetEnvironmentVariable("RLLAB_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(Agents.RepoRoot(), "docs", "images", name + ".png")
            : Path.Combine(Path.GetTempPath(), $"{name}-{Environment.ProcessId}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
    }
}
