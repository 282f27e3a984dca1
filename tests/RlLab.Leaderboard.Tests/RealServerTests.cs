using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Playwright;

namespace RlLab.Leaderboard.Tests;

/// <summary>`rllab serve` as its own process: killed with -9 mid-evaluation and restarted; then a real browser on its pages.</summary>
public sealed class RealServerTests
{
    [Fact]
    public async Task Killed_with_minus_9_mid_evaluation_the_job_completes_once_after_a_restart_and_the_pages_render_in_chromium()
    {
        using var dir = new TempDir();
        string data = Path.Combine(dir.Path, "lb");
        string url = $"http://127.0.0.1:{RllabProcess.FreePort()}";
        const string evil = "<script>alert(1)</script>";
        string token = RllabProcess.Run("serve", "user", "add", evil, "--data", data).Trim();
        string[] serve = ["serve", "--data", data, "--urls", url, "--workers", "1", "--hidden-tracks", "4"];

        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var server = RllabProcess.Start(serve);
        long id;
        try
        {
            await RllabProcess.WaitUp(http);
            var req = new HttpRequestMessage(HttpMethod.Post, "/api/submissions?race=driving-time-trial&name=state.safetensors")
            { Content = new ByteArrayContent(File.ReadAllBytes(Agents.DrivingBundle)), Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
            var r = await http.SendAsync(req);
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            id = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
            for (int i = 0; i < 200 && Status(await http.GetStringAsync($"/api/submissions/{id}")) != "running"; i++) await Task.Delay(50);
            Assert.Equal("running", Status(await http.GetStringAsync($"/api/submissions/{id}")));
        }
        finally
        {
            server.Kill(entireProcessTree: false); // SIGKILL: no shutdown code runs
            server.WaitForExit();
            server.Dispose();
        }

        server = RllabProcess.Start(serve);
        try
        {
            await RllabProcess.WaitUp(http);
            var done = await EvaluationTests.WaitDone(http, id);
            Assert.Equal("scored", done.GetProperty("status").GetString());
            var history = done.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()).ToList();
            Assert.Equal(1, history.Count(s => s == "scored"));
            Assert.Equal(2, history.Count(s => s == "running"));
            var standings = JsonDocument.Parse(await http.GetStringAsync("/api/standings/driving-time-trial")).RootElement;
            Assert.Equal(1, standings.GetArrayLength());

            await Browse(url, id, evil);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
            server.Dispose();
        }
    }

    static string? Status(string json) => JsonDocument.Parse(json).RootElement.GetProperty("status").GetString();

    static async Task Browse(string url, long id, string evil)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium", Args = ["--no-sandbox", "--disable-gpu"], Headless = true,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 700 } });
        bool dialog = false;
        page.Dialog += (_, d) => { dialog = true; _ = d.DismissAsync(); };

        await page.GotoAsync(url + "/");
        Assert.Equal(evil, (await page.Locator("#race-driving-time-trial + div td").Nth(1).TextContentAsync())?.Trim());
        await Shot(page, "leaderboard-standings");

        await page.GotoAsync($"{url}/submissions/{id}");
        Assert.Equal(evil, await page.Locator("#user").TextContentAsync());
        await page.WaitForSelectorAsync("canvas[data-drawn=true]");
        // Pixels that are not all one colour: the track and the car were drawn.
        int distinct = await page.EvaluateAsync<int>("""
            () => { const c = document.getElementById('replay'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    const s = new Set(); for (let i = 0; i < d.length; i += 4 * 97) s.add(d[i] << 16 | d[i + 1] << 8 | d[i + 2]); return s.size; }
            """);
        Assert.True(distinct >= 3, $"{distinct} colours on the canvas");
        await page.Locator("#scrub").FillAsync("0");
        Assert.Equal("0.0 s", await page.Locator("#frame").TextContentAsync());
        // The replay plays: the clock moves on its own after Play.
        await page.Locator("#play").ClickAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('frame').textContent !== '0.0 s'");
        await page.Locator("#pause").ClickAsync();
        Assert.Equal(3, await page.Locator("#paths svg").CountAsync());
        await Shot(page, "leaderboard-submission");

        await page.GotoAsync($"{url}/users/{Uri.EscapeDataString(evil)}");
        Assert.Equal(1, await page.Locator("svg.chart").CountAsync());
        Assert.Equal($"User {evil}", await page.Locator("h1").TextContentAsync());
        await Shot(page, "leaderboard-user");

        await page.GotoAsync($"{url}/seasons/1");
        Assert.Contains("Season 1", await page.Locator("p.muted").First.TextContentAsync());
        Assert.Equal(evil, (await page.Locator("#race-driving-time-trial + div td").Nth(1).TextContentAsync())?.Trim());

        await page.GotoAsync($"{url}/api/docs");
        Assert.True(await page.Locator("h2 code").CountAsync() >= 6);
        await Shot(page, "leaderboard-api");

        // A phone: 390 px wide. The page itself never scrolls sideways; wide tables scroll in their own box.
        var phone = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        foreach (string path in new[] { "/", $"/submissions/{id}", $"/users/{Uri.EscapeDataString(evil)}", "/api/docs" })
        {
            await phone.GotoAsync(url + path);
            int width = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 390, $"{path} is {width} px wide at 390");
        }
        await phone.GotoAsync(url + "/");
        await Shot(phone, "leaderboard-phone");
        Assert.False(dialog, "a script from a display name ran");
    }

    /// <summary>The README's pictures are refreshed only on request, so a test run leaves the checkout clean.</summary>
    static async Task Shot(IPage page, string name)
    {
        string shot = Environment.GetEnvironmentVariable("RLLAB_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(Agents.RepoRoot(), "docs", "images", name + ".png")
            : Path.Combine(Path.GetTempPath(), $"{name}-{Environment.ProcessId}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
    }
}
