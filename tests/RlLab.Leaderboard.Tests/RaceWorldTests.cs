using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RlLab.Agents.Bundles;
using RlLab.Envs.Registry;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Races;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Tests;

/// <summary>The race owns the world: a bundle's metadata cannot buy speed, physics or easy tracks.</summary>
public sealed class RaceWorldTests
{
    /// <summary>The honest bundle with its metadata edited (as a cheat would, with the tool of their choice).</summary>
    static byte[] Edited(string path, Action<Dictionary<string, string>> edit, bool rehash)
    {
        SafetensorsContent content = SafetensorsReader.Read(path);
        var metadata = new Dictionary<string, string>(content.Metadata);
        edit(metadata);
        if (rehash) metadata[BundleKeys.MetadataSha256] = BundleMetadataHash.Compute(metadata);
        return SafetensorsWriter.ToBytes(metadata, content.Tensors, BundleKeys.DataSha256);
    }

    static void Speed20(Dictionary<string, string> m)
    {
        var options = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(m[BundleKeys.EnvOptions])!;
        var edited = options.ToDictionary(kv => kv.Key, kv => (object)kv.Value);
        edited["speed"] = "20";
        edited["dynamics"] = "kinematic";
        edited["max_offset"] = "50";
        m[BundleKeys.EnvOptions] = JsonSerializer.Serialize(edited);
    }

    [Fact]
    public async Task A_bundle_whose_metadata_asks_for_speed_scores_exactly_as_the_honest_one()
    {
        using var dir = new TempDir();
        using var factory = new LeaderboardFactory(new LeaderboardOptions(dir.Path, Agents.EvaluatorCommand)
        {
            Workers = 2, Races = Agents.SmallRaces, Validator = new BundleValidator(), MaxUploadBytes = 1 << 20, MinFreeBytes = 0,
            Limits = new SandboxLimits(WallClock: TimeSpan.FromSeconds(60)),
        });
        var http = factory.CreateClient();
        var users = factory.Services.GetRequiredService<UserStore>();
        byte[] honest = File.ReadAllBytes(Agents.DrivingBundle);
        byte[] cheat = Edited(Agents.DrivingBundle, Speed20, rehash: true);
        byte[] damaged = Edited(Agents.DrivingBundle, Speed20, rehash: false);

        async Task<JsonElement> Send(byte[] body, string user)
        {
            var r = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/submissions?race=driving-time-trial&name=state.safetensors")
            { Content = new ByteArrayContent(body), Headers = { Authorization = new AuthenticationHeaderValue("Bearer", users.Add(user)) } });
            return JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone();
        }

        // Edited without its metadata hash: refused at the gate.
        var refused = await Send(damaged, "dan");
        Assert.Equal("failed", refused.GetProperty("status").GetString());
        Assert.Contains("metadata does not match metadata.sha256", refused.GetProperty("reason").GetString());

        var a = await Send(honest, "hana");
        var b = await Send(cheat, "chet");
        // Accepted, with a note of what the race replaced.
        Assert.Contains("speed", b.GetProperty("reason").GetString());
        Assert.Contains("tracks", a.GetProperty("reason").GetString());
        var honestView = await EvaluationTests.WaitDone(http, a.GetProperty("id").GetInt64());
        var cheatView = await EvaluationTests.WaitDone(http, b.GetProperty("id").GetInt64());
        Assert.Equal("scored", honestView.GetProperty("status").GetString());
        Assert.Equal("scored", cheatView.GetProperty("status").GetString());
        // Every episode the same, bit for bit: the same world for both.
        Assert.Equal(honestView.GetProperty("episodes").GetRawText(), cheatView.GetProperty("episodes").GetRawText());
        Assert.Equal(honestView.GetProperty("score").GetDouble(), cheatView.GetProperty("score").GetDouble());
        Assert.Contains(cheatView.GetProperty("history").EnumerateArray(), h => h.GetProperty("note").GetString()?.Contains("speed") == true);
    }

    [Fact]
    public void Each_env_declares_its_interface_and_the_race_keeps_only_that()
    {
        Assert.True(EnvRegistry.Default.TryGet("Driving", out var driving));
        Assert.Superset(new HashSet<string> { "observation", "action", "width", "height", "channels", "roi", "rays", "curvature_samples" }, new HashSet<string>(driving.InterfaceOptions));
        foreach (string world in new[] { "speed", "dt", "dynamics", "max_offset", "max_heading_error", "lane_width", "tracks", "track", "max_steps", "reward", "randomize" })
            Assert.DoesNotContain(world, driving.InterfaceOptions);
        Assert.True(EnvRegistry.Default.TryGet("CartPole", out var cartpole));
        Assert.Empty(cartpole.InterfaceOptions);

        var race = Races.RaceCatalog.DrivingTimeTrial();
        var agent = new RlLab.Agents.Config.EnvConfig("Driving", 4, 2,
            new Dictionary<string, object?> { ["observation"] = "lidar", ["rays"] = "8", ["speed"] = "20", ["dt"] = "0.2", ["tracks"] = "0-9" },
            [new RlLab.Agents.Config.WrapperConfig("time_limit", new Dictionary<string, object?> { ["max_steps"] = "10" }), new RlLab.Agents.Config.WrapperConfig("normalize_observation", new Dictionary<string, object?>())]);
        var env = race.EnvFor(agent, 1234);
        Assert.Equal(["max_steps", "observation", "rays", "track"], env.Options.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("1234", env.Options["track"]);
        Assert.Equal(["normalize_observation"], env.Wrappers.Select(w => w.Name));
        Assert.Equal(["dt", "speed", "tracks"], race.IgnoredWorld(agent));
        Assert.Equal(1, env.NumEnvs);
    }

    [Fact]
    public void The_traffic_race_owns_the_traffic_and_the_speed_and_ranks_by_the_driving_score()
    {
        Race race = RaceCatalog.Default().Single(r => r.Kind == "driving-traffic");
        var agent = new RlLab.Agents.Config.EnvConfig("Driving", 4, 1,
            new Dictionary<string, object?> { ["observation"] = "state", ["nearest_objects"] = "4", ["action"] = "steer_throttle",
                ["traffic_density"] = "0", ["obstacles"] = "0", ["max_speed"] = "30", ["lanes"] = "1" }, []);
        var env = race.EnvFor(agent, 77);
        // The bundle's empty road and top speed are ignored: the race's traffic and limiter apply.
        Assert.Equal(("2", "10", "2", "12"), ((string)env.Options["lanes"]!, (string)env.Options["traffic_density"]!, (string)env.Options["obstacles"]!, (string)env.Options["max_speed"]!));
        Assert.Equal("4", env.Options["nearest_objects"]);
        Assert.Equal(1, race.Laps);

        static EpisodeResult E(double score, double collisions) => new(0, 0, 100, "time_limit",
            new Dictionary<string, double> { ["driving_score"] = score, ["completed"] = 1, ["collisions"] = collisions, ["offroad"] = 0 });
        RaceScore s = race.Rules().Score(race, [E(1.0, 0), E(0.6, 1), E(0.36, 2)]);
        Assert.Equal((1.0 + 0.6 + 0.36) / 3, s.Primary, 12);
        Assert.Equal(1.0, s.TieBreak);
    }

    [Fact]
    public void The_traffic_race_keeps_a_lane_and_speed_agents_interface()
    {
        Race race = RaceCatalog.Default().Single(r => r.Kind == "driving-traffic");
        var agent = new RlLab.Agents.Config.EnvConfig("Driving", 4, 1,
            new Dictionary<string, object?> { ["observation"] = "state", ["nearest_objects"] = "4", ["objects_frame"] = "road", ["action"] = "lane_speed" }, []);
        var env = race.EnvFor(agent, 77);
        Assert.Equal(("lane_speed", "road"), ((string)env.Options["action"]!, (string)env.Options["objects_frame"]!));
        // On the race's two lanes the agent's ten actions (2 lanes × 5 speeds) are the env's.
        var made = EnvRegistry.Default.Make("Driving", new EnvOptions(env.Options.ToDictionary(kv => kv.Key, kv => kv.Value)));
        Assert.Equal(new RlLab.Envs.Spaces.Discrete(10), made.ActionSpace);
    }

    [Fact]
    public void The_env_page_lists_interface_and_world_options_apart()
    {
        Assert.True(EnvRegistry.Default.TryGet("Driving", out var driving));
        string page = EnvPage.Render(driving, EnvRegistry.Default);
        int iface = page.IndexOf("### Interface", StringComparison.Ordinal), world = page.IndexOf("### World", StringComparison.Ordinal);
        Assert.True(iface > 0 && world > iface);
        Assert.Contains("| `observation` |", page[iface..world]);
        Assert.Contains("| `speed` |", page[world..]);
    }
}
