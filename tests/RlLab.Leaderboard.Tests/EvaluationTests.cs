using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Races;
using RlLab.Leaderboard.Security;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Tests;

/// <summary>The real gate and the real sandboxed child: hostile bundles, a scored driving agent, deterministic scores, no seed anywhere.</summary>
public sealed class EvaluationTests
{
    static LeaderboardOptions Options(string dir, int workers) => new(dir, Agents.EvaluatorCommand)
    {
        Workers = workers, Races = Agents.SmallRaces, Validator = new BundleValidator(), MaxUploadBytes = 1 << 20,
        Limits = new SandboxLimits(WallClock: TimeSpan.FromSeconds(60)),
    };

    static HttpRequestMessage Upload(byte[] body, string token, string race) =>
        new(HttpMethod.Post, $"/api/submissions?race={race}&name=agent.safetensors")
        { Content = new ByteArrayContent(body), Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };

    /// <summary>Files a stranger could send: none may be queued, each is refused with a reason.</summary>
    static IEnumerable<(string Name, byte[] Bytes, string Race)> Hostile()
    {
        byte[] good = File.ReadAllBytes(Agents.DrivingBundle);
        yield return ("empty", [], "driving-time-trial");
        yield return ("garbage", "not a safetensors file at all"u8.ToArray(), "driving-time-trial");
        yield return ("huge header length", [.. BitConverter.GetBytes(1L << 40), .. "{}"u8.ToArray()], "driving-time-trial");
        yield return ("bad header json", [.. BitConverter.GetBytes(6L), .. "{oops}"u8.ToArray()], "driving-time-trial");
        yield return ("truncated", good[..(good.Length / 2)], "driving-time-trial");
        yield return ("lying tensor size", [.. BitConverter.GetBytes(60L), .. """{"w":{"dtype":"F32","shape":[1000000000],"data_offsets":[0,4]}}"""u8.ToArray()[..60]], "driving-time-trial");
        yield return ("wrong env", File.ReadAllBytes(Agents.CartPoleBundle), "driving-time-trial");
    }

    [Fact]
    public async Task Every_hostile_bundle_is_refused_with_its_reason_and_nothing_is_queued()
    {
        using var dir = new TempDir();
        using var factory = new LeaderboardFactory(Options(dir.Path, workers: 0) with { Quotas = new QuotaLimits(Failed: 100) });
        var http = factory.CreateClient();
        string token = factory.Services.GetRequiredService<UserStore>().Add("mallory");
        foreach (var (name, bytes, race) in Hostile())
        {
            var r = await http.SendAsync(Upload(bytes, token, race));
            string body = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == HttpStatusCode.UnprocessableEntity, $"{name}: {r.StatusCode} {body}");
            using var doc = JsonDocument.Parse(body);
            string reason = doc.RootElement.GetProperty("reason").GetString()!;
            Assert.False(string.IsNullOrWhiteSpace(reason), name);
            Assert.DoesNotContain(dir.Path, reason);
        }
        Assert.Equal(0, factory.Services.GetRequiredService<JobQueue>().Pending());
    }

    [Fact]
    public async Task A_driving_agent_is_scored_deterministically_and_no_hidden_seed_appears_anywhere()
    {
        using var dir = new TempDir();
        using var factory = new LeaderboardFactory(Options(dir.Path, workers: 2));
        var http = factory.CreateClient();
        var users = factory.Services.GetRequiredService<UserStore>();
        byte[] bundle = File.ReadAllBytes(Agents.DrivingBundle);
        var ids = new List<long>();
        foreach (string user in new[] { "ann", "ben" })
        {
            var r = await http.SendAsync(Upload(bundle, users.Add(user), "driving-time-trial"));
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            ids.Add(JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64());
        }
        var views = new List<JsonElement>();
        foreach (long id in ids) views.Add(await WaitDone(http, id));
        foreach (var v in views) Assert.Equal("scored", v.GetProperty("status").GetString());
        // Same bytes, same score, bit for bit.
        Assert.Equal(views[0].GetProperty("score").GetDouble(), views[1].GetProperty("score").GetDouble());
        Assert.Equal(views[0].GetProperty("tieBreak").ToString(), views[1].GetProperty("tieBreak").ToString());
        Assert.Equal(views[0].GetProperty("episodes").GetRawText(), views[1].GetProperty("episodes").GetRawText());
        var tracks = views[0].GetProperty("episodes").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Equal(["Practice 1", "Practice 2", "Practice 3", "Track 1", "Track 2", "Track 3"], tracks);

        int[] hidden = new HiddenSeeds(File.ReadAllBytes(Path.Combine(dir.Path, "secret.key"))).Seeds("driving-time-trial", 1, 3);
        string[] urls = ["/", "/api/races", "/api/standings/driving-time-trial", "/api/standings/cartpole", "/api/openapi/v1.json",
            "/api/quota", .. ids.SelectMany(id => new[] { $"/submissions/{id}", $"/api/submissions/{id}", $"/api/submissions/{id}/replay" })];
        foreach (string url in urls)
        {
            string text = await http.GetStringAsync(url).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "");
            foreach (int seed in hidden) Assert.DoesNotContain(seed.ToString(System.Globalization.CultureInfo.InvariantCulture), text);
        }
        Assert.Contains("Track 3", await http.GetStringAsync($"/submissions/{ids[0]}"));
        Assert.Contains("<canvas id=\"replay\"", await http.GetStringAsync($"/submissions/{ids[0]}"));
    }

    internal static async Task<JsonElement> WaitDone(HttpClient http, long id)
    {
        for (int i = 0; i < 600; i++)
        {
            var doc = JsonDocument.Parse(await http.GetStringAsync($"/api/submissions/{id}")).RootElement;
            if (doc.GetProperty("status").GetString() is "scored" or "failed" or "error" or "disqualified") return doc;
            await Task.Delay(200);
        }
        throw new TimeoutException($"submission {id} did not finish");
    }

    [Fact]
    public async Task The_committed_camera_agent_plays_a_race_inside_the_sandbox_limits()
    {
        var sandbox = Sandbox.Detect();
        Assert.True(sandbox.HasPrlimit, "prlimit (util-linux) is needed");
        string bundle = Path.Combine(Agents.RepoRoot(), "agents", "driving-camera-mit.safetensors");
        // The server's own limits (4 GiB of address space), which a camera agent once ran out of through glibc's malloc arenas.
        var child = new EvaluationChild(Agents.EvaluatorCommand, sandbox, new SandboxLimits(WallClock: TimeSpan.FromSeconds(120)));
        var outcome = await child.RunAsync(bundle, RaceCatalog.DrivingTimeTrial(hidden: 4, laps: 1, maxSteps: 150), [20001, 20002, 20003, 20004], CancellationToken.None);
        Assert.True(outcome.Output is not null, outcome.Failure);
        Assert.Equal(3 + 4, outcome.Output.Episodes.Count);
        Assert.All(outcome.Output.Episodes, e => Assert.Equal(150, e.Steps)); // a trained camera agent drives the whole cap
    }

    [Fact]
    public async Task A_child_past_its_wall_clock_is_killed_and_reported()
    {
        var child = new EvaluationChild(["sh", "-c", "sleep 30", "sh"], Sandbox.None(), new SandboxLimits(WallClock: TimeSpan.FromSeconds(1)));
        var started = DateTime.UtcNow;
        var outcome = await child.RunAsync("x.safetensors", RaceCatalog.CartPole(1), [1], CancellationToken.None);
        Assert.Null(outcome.Output);
        Assert.Contains("wall-clock limit", outcome.Failure);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_child_past_its_cpu_time_is_killed_and_reported()
    {
        var sandbox = Sandbox.Detect();
        Assert.True(sandbox.HasPrlimit, "prlimit (util-linux) is needed");
        var child = new EvaluationChild(["sh", "-c", "while :; do :; done", "sh"], sandbox, new SandboxLimits(CpuSeconds: 1, WallClock: TimeSpan.FromSeconds(30)));
        var outcome = await child.RunAsync("x.safetensors", RaceCatalog.CartPole(1), [1], CancellationToken.None);
        Assert.True(outcome.Failure?.Contains("CPU time limit") == true, outcome.Failure);
    }

    [Fact]
    public async Task A_child_past_its_memory_limit_is_killed_and_reported()
    {
        var sandbox = Sandbox.Detect();
        Assert.True(sandbox.HasPrlimit, "prlimit (util-linux) is needed");
        // Grows one string towards 1 GB under a 256 MiB address-space limit: the allocator refuses.
        var child = new EvaluationChild(["bash", "-c", "x=$(head -c 1000000000 /dev/zero | tr '\\0' a); echo ${#x}", "bash"], sandbox,
            new SandboxLimits(MemoryBytes: 256L << 20, WallClock: TimeSpan.FromSeconds(60)));
        var outcome = await child.RunAsync("x.safetensors", RaceCatalog.CartPole(1), [1], CancellationToken.None);
        Assert.Null(outcome.Output);
        Assert.True(outcome.Failure?.Contains("memory limit of 256 MiB") == true, outcome.Failure);
    }
}
