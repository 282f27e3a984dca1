using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Tests;

/// <summary>The admin verbs, through the stores the CLI calls and through `rllab serve ...` itself; each leaves a line in the admin log.</summary>
public sealed class AdminTests
{
    static LeaderboardFactory Factory(string dir) => new(new LeaderboardOptions(dir, ["false"])
    {
        Workers = 0, Validator = new PrefixValidator(), Races = Agents.SmallRaces, Sandbox = Sandbox.None(), MinFreeBytes = 0,
    });

    static HttpRequestMessage Quota(string token) => new(HttpMethod.Get, "/api/quota") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };

    [Fact]
    public async Task Revoke_stops_the_old_token_at_once_and_disable_refuses_the_user_until_enabled()
    {
        using var dir = new TempDir();
        using var factory = Factory(dir.Path);
        var http = factory.CreateClient();
        var users = factory.Services.GetRequiredService<UserStore>();
        string old = users.Add("alice");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Quota(old))).StatusCode);
        string fresh = users.Revoke("alice");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Quota(old))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Quota(fresh))).StatusCode);
        users.Disable("alice");
        Assert.True(users.FindByToken(fresh)!.Disabled);
        users.Enable("alice");
        Assert.False(users.FindByToken(fresh)!.Disabled);
        Assert.Throws<ArgumentException>(() => users.Revoke("nobody"));
        var log = AdminLog.Read(factory.Services.GetRequiredService<Database>());
        Assert.Equal(["user add", "user revoke", "user disable", "user enable"], log.Select(e => e.Verb));
        Assert.All(log, e => Assert.True(e.At > 0 && e.Target == "alice"));
    }

    [Fact]
    public async Task A_disqualified_submission_leaves_the_standings_and_shows_struck_through_with_its_reason()
    {
        using var dir = new TempDir();
        long id;
        using (var factory = Factory(dir.Path))
        {
            var store = factory.Services.GetRequiredService<SubmissionStore>();
            var queue = factory.Services.GetRequiredService<JobQueue>();
            long user = factory.Services.GetRequiredService<UserStore>().FindByToken(factory.Services.GetRequiredService<UserStore>().Add("mallory"))!.Id;
            id = store.Create(user, "cartpole", new string('a', 64), "cheat", 10, null).Id;
            Job job = queue.Claim()!;
            Assert.True(queue.Finish(job, Status.Scored, null, new Races.RaceScore(500, null, new Dictionary<string, double>()), "[]"));
            Assert.Single(store.Standings("cartpole", 1));

            store.Disqualify(id, "trained on the hidden seeds");
            Assert.Empty(store.Standings("cartpole", 1));
            var http = factory.CreateClient();
            string page = await http.GetStringAsync("/");
            Assert.Contains("<del><a href=\"/submissions/" + id + "\">cheat</a> by mallory</del>: trained on the hidden seeds", page);
            using var api = JsonDocument.Parse(await http.GetStringAsync($"/api/submissions/{id}"));
            Assert.Equal("disqualified", api.RootElement.GetProperty("status").GetString());
            Assert.Equal("trained on the hidden seeds", api.RootElement.GetProperty("disqualifiedFor").GetString());
            Assert.Contains("<del>", await http.GetStringAsync($"/submissions/{id}"));
            // A re-run would put it back: refused.
            Assert.Throws<ArgumentException>(() => store.Rerun(id, _ => true));
        }
        // The same from the command line, on the data folder: a second disqualification and an unknown id are one-line errors.
        Assert.Contains("disqualified already", RllabProcess.UserError("serve", "submission", "disqualify", id.ToString(), "--reason", "again", "--data", dir.Path));
        Assert.Contains("no submission 999", RllabProcess.UserError("serve", "submission", "rerun", "999", "--data", dir.Path));
        Assert.Contains("no user 'nobody'", RllabProcess.UserError("serve", "user", "disable", "nobody", "--data", dir.Path));
    }

    [Fact]
    public void Rerun_queues_a_finished_submission_again_from_its_first_attempt()
    {
        using var dir = new TempDir();
        var db = new Database(dir.Path);
        var store = new SubmissionStore(db, new QuotaLimits());
        var queue = new JobQueue(db);
        long user = new UserStore(db).FindByToken(new UserStore(db).Add("ann"))!.Id;
        long id = store.Create(user, "cartpole", new string('b', 64), "a", 10, null).Id;
        Job job = queue.Claim()!;
        queue.Finish(job, Status.Failed, "killed: CPU time limit of 600 s exceeded");
        Assert.Throws<ArgumentException>(() => store.Rerun(id, _ => false)); // its bytes are gone
        store.Rerun(id, _ => true);
        Assert.Equal(Status.Queued, store.Get(id)!.Status);
        Job again = queue.Claim()!;
        Assert.Equal(1, again.Attempt);
        Assert.Contains(store.Get(id)!.History, h => h.Note == "re-run by an admin");
        Assert.Contains(AdminLog.Read(db), e => e.Verb == "submission rerun" && e.Target == id.ToString());
    }
}
