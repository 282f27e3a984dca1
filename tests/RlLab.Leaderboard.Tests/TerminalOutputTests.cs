using Microsoft.Data.Sqlite;
using RlLab.Leaderboard.Races;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Tests;

/// <summary>The second line of defence: a name stored before names were checked still cannot drive the terminal of `rllab standings`.</summary>
public sealed class TerminalOutputTests
{
    [Fact]
    public async Task Standings_print_a_legacy_name_with_escape_codes_as_plain_text()
    {
        using var dir = new TempDir();
        string data = Path.Combine(dir.Path, "lb");
        var db = new Database(data);
        const string hostile = "\u001b[2J\u001b]0;pwned\u0007\u202Emallory";
        using (var c = db.Open())
            Database.Execute(c, "INSERT INTO users (name, token_hash, created) VALUES ($n, 'x', 1)", ("$n", hostile));
        var store = new SubmissionStore(db, new QuotaLimits());
        long id = store.Create(1, "cartpole", new string('c', 64), "\u001b[41magent", 10, null).Id;
        var queue = new JobQueue(db);
        queue.Finish(queue.Claim()!, Status.Scored, null, new RaceScore(321.5, null, new Dictionary<string, double>()), "[]");
        SqliteConnection.ClearAllPools();

        string url = $"http://127.0.0.1:{RllabProcess.FreePort()}";
        using var server = RllabProcess.Start("serve", "--data", data, "--urls", url, "--workers", "1");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            await RllabProcess.WaitUp(http);
            string output = RllabProcess.Run("standings", "--race", "cartpole", "--server", url);
            Assert.DoesNotContain('\u001b', output);
            Assert.DoesNotContain('\u0007', output);
            Assert.DoesNotContain('\u202E', output);
            Assert.Contains("?[2J?]0;pwned??mal", output);
            Assert.Contains("321.5", output);
            Assert.Contains("Mean return", output);
            _ = id;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
        }
    }
}
