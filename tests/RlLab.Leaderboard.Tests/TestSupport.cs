using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using RlLab.Agents.Bundles;
using RlLab.Agents.Config;
using RlLab.Agents.Training;
using RlLab.Leaderboard;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Races;
using RlLab.Leaderboard.Web;

namespace RlLab.Leaderboard.Tests;

sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rllab-lb-" + Guid.NewGuid().ToString("N")[..8]));
    public string Path { get; }
    public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
}

/// <summary>
/// The leaderboard in a TestServer, configured exactly as `rllab serve` configures it. The factory
/// wants a type from an assembly with an entry point: any public class of rllab's does.
/// </summary>
sealed class LeaderboardFactory(LeaderboardOptions options) : WebApplicationFactory<RlLab.Cli.UserError>
{
    public LeaderboardOptions Options => options;

    protected override IHostBuilder CreateHostBuilder() => Host.CreateDefaultBuilder()
        .ConfigureWebHostDefaults(web => web
            .UseContentRoot(options.DataDir)
            .ConfigureServices(s => LeaderboardHost.AddServices(s, options))
            .Configure(LeaderboardHost.Configure));
}

/// <summary>Accepts files that start with "GOOD"; for the tests of limits, where no real agent is needed.</summary>
sealed class PrefixValidator : IAgentValidator
{
    public AgentVerdict Validate(string path, Race race)
    {
        var head = new byte[4];
        using var f = File.OpenRead(path);
        return f.Read(head) == 4 && head.SequenceEqual("GOOD"u8.ToArray()) ? AgentVerdict.Accepted : new AgentVerdict("invalid bundle: not GOOD");
    }
}

static class Agents
{
    /// <summary>The rllab binary next to the tests, as the server would run itself.</summary>
    public static string[] EvaluatorCommand => ["dotnet", System.IO.Path.Combine(AppContext.BaseDirectory, "rllab.dll"), "__evaluate"];

    public static string RllabDll => System.IO.Path.Combine(AppContext.BaseDirectory, "rllab.dll");

    /// <summary>The repository root: the first folder above the test binaries that holds RlLab.sln.</summary>
    public static string RepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(System.IO.Path.Combine(d.FullName, "RlLab.sln"))) d = d.Parent;
        return d?.FullName ?? throw new DirectoryNotFoundException("RlLab.sln not found above the test binaries");
    }

    /// <summary>Small races: few hidden tracks, one lap, short episodes.</summary>
    public static IReadOnlyList<Race> SmallRaces => [RaceCatalog.DrivingTimeTrial(hidden: 3, laps: 1, maxSteps: 400), RaceCatalog.CartPole(hidden: 3)];

    static readonly Lazy<string> DrivingBundleLazy = new(() => Train("""
        name: lb-state
        seed: 6
        env:
          id: Driving
          num_envs: 2
          options: {observation: state, action: curvature, tracks: "0-3", max_steps: 60}
        policy: {hidden: [8, 8]}
        algo: {name: ppo, num_steps: 16, epochs: 1, minibatches: 2}
        train: {total_steps: 64, threads: 1, eval_episodes: 0}
        """));

    static readonly Lazy<string> CartPoleBundleLazy = new(() => Train("""
        name: lb-cartpole
        seed: 5
        env: {id: CartPole, num_envs: 2}
        policy: {hidden: [16]}
        algo: {name: ppo, num_steps: 32, epochs: 1, minibatches: 2}
        train: {total_steps: 64, threads: 1, eval_episodes: 0}
        """));

    public static string DrivingBundle => DrivingBundleLazy.Value;
    public static string CartPoleBundle => CartPoleBundleLazy.Value;

    static readonly string Dir = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rllab-lb-agents-" + Environment.ProcessId)).FullName;

    static string Train(string yaml)
    {
        var config = ConfigLoader.Parse(yaml, "test.yaml");
        var run = RunDirectory.Create(System.IO.Path.Combine(Dir, config.Name));
        Trainer.Train(config, run);
        string bundle = System.IO.Path.Combine(Dir, config.Name + ".safetensors");
        BundleExporter.Export(run.Path, bundle, "test agent");
        return bundle;
    }
}

/// <summary>`rllab` as its own process, as a user runs it.</summary>
static class RllabProcess
{
    public static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    public static System.Diagnostics.Process Start(params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Agents.RllabDll);
        foreach (string a in args) psi.ArgumentList.Add(a);
        return System.Diagnostics.Process.Start(psi)!;
    }

    /// <summary>Runs to the end: the exit code, stdout and stderr.</summary>
    public static (int Code, string Out, string Err) Exec(params string[] args)
    {
        using var p = Start(args);
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    /// <summary>Runs to the end and asserts success; returns stdout.</summary>
    public static string Run(params string[] args)
    {
        var (code, output, err) = Exec(args);
        Assert.True(code == 0, err);
        return output;
    }

    /// <summary>A user mistake: exit 2 and exactly one line on stderr, no stack trace.</summary>
    public static string UserError(params string[] args)
    {
        var (code, _, err) = Exec(args);
        Assert.True(code == 2, $"exit {code}: {err}");
        string[] lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1 && lines[0].StartsWith("error: ", StringComparison.Ordinal), err);
        Assert.DoesNotContain("   at ", err);
        return lines[0];
    }

    public static async Task WaitUp(HttpClient http)
    {
        for (int i = 0; i < 200; i++)
        {
            try { if ((await http.GetAsync("/api/races")).IsSuccessStatusCode) return; }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("the server did not start");
    }
}
