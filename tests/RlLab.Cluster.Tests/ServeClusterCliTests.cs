using System.Net.Http.Headers;
using System.Text.Json;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Races;
using RlLab.Leaderboard.Security;

namespace RlLab.Cluster.Tests;

/// <summary>The real `rllab serve --cluster` and `rllab worker` as processes on a Redis the test starts.</summary>
[Collection("processes")]
public sealed class ServeClusterCliTests
{
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData("http://localhost:6379", "expected redis://HOST:PORT")]
    [InlineData("redis://127.0.0.1:FREE", "could not join the cluster")]
    public void A_bad_or_unreachable_cluster_is_one_line_and_exit_2(string url, string says)
    {
        // A free port: refused at once (some low ports are dropped, which costs a 15 s timeout).
        url = url.Replace("FREE", Repo.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        using var temp = new TempDir();
        using var serve = new CliChild("serve", "--data", Path.Combine(temp.Path, "lb"), "--urls", $"http://127.0.0.1:{Repo.FreePort()}", "--cluster", url);
        Assert.Equal(2, serve.Wait(Limit));
        string line = Assert.Single(serve.Output.Trim().Split('\n'));
        Assert.StartsWith($"error: --cluster {url}: ", line);
        Assert.Contains(says, line);
    }

    [Fact]
    public async Task A_submission_is_scored_on_a_worker_as_the_local_child_scores_it()
    {
        using var temp = new TempDir();
        using var redis = new RedisServer();
        string cluster = $"redis://127.0.0.1:{redis.Port}", data = Path.Combine(temp.Path, "lb"), url = $"http://127.0.0.1:{Repo.FreePort()}";
        using var worker = new CliChild("worker", "--cluster", cluster, "--slots", "1");
        Poll.Until(() => worker.Output.Contains("joined", StringComparison.Ordinal), Limit, () => "the worker did not join:\n" + worker.Output);
        using var add = new CliChild("serve", "user", "add", "ann", "--data", data);
        Assert.True(add.Wait(Limit) == 0, add.Output);
        // Its stdout (the token) and stderr (a note) arrive in either order.
        string token = add.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("rl_", StringComparison.Ordinal));
        using var serve = new CliChild("serve", "--data", data, "--urls", url, "--workers", "1", "--hidden-tracks", "3", "--cluster", cluster);
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        Poll.Until(() => serve.Output.Contains("Now listening", StringComparison.Ordinal), Limit, () => "serve did not start:\n" + serve.Output);
        Assert.Contains($"on the workers of {cluster}", serve.Output);

        byte[] bundle = await File.ReadAllBytesAsync(TinyAgent.BundlePath);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/submissions?race=cartpole&name=agent.safetensors")
            { Content = new ByteArrayContent(bundle), Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        using var created = await http.SendAsync(post);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        long id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        JsonElement view = default;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < Limit)
        {
            view = JsonDocument.Parse(await http.GetStringAsync($"/api/submissions/{id}")).RootElement;
            if (view.GetProperty("status").GetString() is "scored" or "failed") break;
            await Task.Delay(200);
        }
        Assert.True(view.GetProperty("status").GetString() == "scored", $"{view}\n{serve.Output}\n{worker.Output}");

        // The local child on the server's own hidden seeds (its secret is in the data folder) gives the same score.
        Race race = RaceCatalog.Default(3).Single(r => r.Name == "cartpole");
        int[] hidden = new HiddenSeeds(await File.ReadAllBytesAsync(Path.Combine(data, "secret.key"))).Seeds(race.Name, 1, race.HiddenSeeds);
        ChildOutcome local = await EvaluationSilos.RealChild(new SandboxLimits(WallClock: TimeSpan.FromSeconds(60)))
            .RunAsync(TinyAgent.BundlePath, race, hidden, CancellationToken.None);
        EvaluationOutput output = local.Output ?? throw new Xunit.Sdk.XunitException(local.Failure);
        RaceScore score = race.Rules().Score(race, [.. output.Episodes.Where(e => e.Index >= 0).OrderBy(e => e.Index)]);
        Assert.Equal(score.Primary, view.GetProperty("score").GetDouble());
    }
}
