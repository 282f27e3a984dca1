using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Races;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Tests;

/// <summary>A failure is charged to the user only on evidence that the agent broke a limit; the server's own failures run again.</summary>
public sealed class FailureOwnerTests
{
    /// <summary>The real evaluator behind a shell that SIGKILLs itself while the marker file counts fewer than <paramref name="kills"/> lines.</summary>
    static string[] KilledFirst(string marker, int kills) =>
        ["sh", "-c", $"n=$(wc -l < '{marker}' 2>/dev/null || echo 0); if [ \"$n\" -lt {kills} ]; then echo x >> '{marker}'; kill -9 $$; fi; exec dotnet '{Agents.RllabDll}' __evaluate \"$@\"", "sh"];

    static async Task<(LeaderboardFactory Factory, HttpClient Http, long Id)> Submit(TempDir dir, string[] command)
    {
        var factory = new LeaderboardFactory(new LeaderboardOptions(dir.Path, command)
        {
            Workers = 1, Races = Agents.SmallRaces, Validator = new BundleValidator(), MaxUploadBytes = 1 << 20, MinFreeBytes = 0,
            Limits = new SandboxLimits(WallClock: TimeSpan.FromSeconds(60)), Sandbox = Sandbox.None(),
        });
        var http = factory.CreateClient();
        string token = factory.Services.GetRequiredService<UserStore>().Add("ann");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var r = await http.PostAsync("/api/submissions?race=cartpole&name=cp.safetensors", new ByteArrayContent(File.ReadAllBytes(Agents.CartPoleBundle)));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        return (factory, http, JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_child_killed_with_SIGKILL_runs_again_and_is_not_charged()
    {
        using var dir = new TempDir();
        var (factory, http, id) = await Submit(dir, KilledFirst(Path.Combine(dir.Path, "kills"), 1));
        using (factory)
        {
            var done = await EvaluationTests.WaitDone(http, id);
            Assert.Equal("scored", done.GetProperty("status").GetString());
            var notes = done.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("note").GetString() ?? "").ToList();
            Assert.Contains(notes, n => n.Contains("attempt 1 lost to a server-side failure (killed by SIGKILL from outside") && n.Contains("not charged"));
            Assert.Contains("evaluating (attempt 2)", notes);
            var quota = JsonDocument.Parse(await http.GetStringAsync("/api/quota")).RootElement;
            Assert.Equal(20, quota.GetProperty("failedLeft").GetInt32());
        }
    }

    [Fact]
    public async Task Three_server_failures_end_as_a_server_error_that_costs_nothing_and_the_same_bytes_may_run_again()
    {
        using var dir = new TempDir();
        string marker = Path.Combine(dir.Path, "kills");
        var (factory, http, id) = await Submit(dir, KilledFirst(marker, JobQueue.MaxAttempts));
        using (factory)
        {
            var done = await EvaluationTests.WaitDone(http, id);
            Assert.Equal("error", done.GetProperty("status").GetString());
            Assert.Equal("server", done.GetProperty("failedBy").GetString());
            Assert.Contains("not charged", done.GetProperty("reason").GetString());
            var quota = JsonDocument.Parse(await http.GetStringAsync("/api/quota")).RootElement;
            Assert.Equal(20, quota.GetProperty("failedLeft").GetInt32());
            Assert.Equal(5, quota.GetProperty("scoredLeft").GetInt32());
            Assert.Contains("Server error (not charged", await http.GetStringAsync($"/submissions/{id}"));

            // The marker has 3 kills now: the same bytes uploaded again run to a score.
            var again = await http.PostAsync("/api/submissions?race=cartpole&name=cp.safetensors", new ByteArrayContent(File.ReadAllBytes(Agents.CartPoleBundle)));
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(id, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64());
            Assert.Equal("scored", (await EvaluationTests.WaitDone(http, id)).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Only_evidence_against_the_agent_charges_it()
    {
        var race = RaceCatalog.CartPole(1);
        async Task<ChildOutcome> Run(string script, SandboxLimits? limits = null, Sandbox? sandbox = null) =>
            await new EvaluationChild(["sh", "-c", script, "sh"], sandbox ?? Sandbox.None(), limits ?? new SandboxLimits(WallClock: TimeSpan.FromSeconds(30)))
                .RunAsync("x.safetensors", race, [1], CancellationToken.None);

        Assert.True((await Run("kill -9 $$")).ServerFault);
        Assert.True((await Run("kill -SEGV $$")).ServerFault);
        Assert.True((await Run("exit 70")).ServerFault);
        Assert.True((await Run("echo '{not json'")).ServerFault);
        Assert.True((await Run("sleep 30", new SandboxLimits(WallClock: TimeSpan.FromSeconds(1)))).ServerFault);
        var agentError = await Run("echo 'error: the policy failed: shapes do not match' >&2; exit 2");
        Assert.False(agentError.ServerFault);
        Assert.Equal("the policy failed: shapes do not match", agentError.Failure);
        Assert.False((await Run("exit 3")).ServerFault);
        var cpu = await Run("while :; do :; done", new SandboxLimits(CpuSeconds: 1, WallClock: TimeSpan.FromSeconds(30)), Sandbox.Detect());
        Assert.False(cpu.ServerFault, cpu.Failure);
        Assert.Contains("CPU time limit", cpu.Failure);
    }
}
