using Microsoft.Data.Sqlite;
using RlLab.Leaderboard.Security;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Tests;

/// <summary>Start-up trusts nothing it finds: a short key, a file that is not our database, a schema from the future. Nothing found is overwritten.</summary>
public sealed class StartupTests
{
    [Fact]
    public void An_empty_or_short_secret_is_refused_and_a_new_one_is_32_private_bytes()
    {
        using var dir = new TempDir();
        byte[] made = ServerSecret.LoadOrCreate(dir.Path);
        Assert.Equal(32, made.Length);
        Assert.Equal(made, ServerSecret.LoadOrCreate(dir.Path));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ServerSecret.PathIn(dir.Path)));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp*"));
        File.WriteAllBytes(ServerSecret.PathIn(dir.Path), []);
        var e = Assert.Throws<InvalidDataException>(() => ServerSecret.LoadOrCreate(dir.Path));
        Assert.Contains("0 bytes; a secret needs at least 32", e.Message);
        Assert.Empty(File.ReadAllBytes(ServerSecret.PathIn(dir.Path)));
        // `rllab serve` says so in one line, exit 2, before it listens.
        Assert.Contains("secret.key: 0 bytes", RllabProcess.UserError("serve", "--data", dir.Path, "--urls", $"http://127.0.0.1:{RllabProcess.FreePort()}"));
    }

    public static TheoryData<string, byte[]> Corrupt() => new()
    {
        { "random bytes", [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7919 % 251))] },
        { "text", "name,score\nalice,1\n"u8.ToArray() },
    };

    [Theory]
    [MemberData(nameof(Corrupt))]
    public void A_file_that_is_not_a_database_is_refused_in_one_line_and_left_untouched(string what, byte[] bytes)
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "leaderboard.db");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => new Database(dir.Path));
        Assert.Contains("not a valid RlLab leaderboard database", e.Message);
        Assert.DoesNotContain("\n", e.Message);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        _ = what;
    }

    [Fact]
    public void A_truncated_database_and_one_from_the_future_are_refused_and_the_verbs_say_so_in_one_line()
    {
        using var dir = new TempDir();
        var db = new Database(dir.Path);
        var users = new UserStore(db);
        for (int i = 0; i < 200; i++) users.Add($"user{i:D3}");
        SqliteConnection.ClearAllPools();
        using (var c = db.Open()) Database.Execute(c, "PRAGMA wal_checkpoint(TRUNCATE)");
        SqliteConnection.ClearAllPools();
        byte[] whole = File.ReadAllBytes(db.Path);
        byte[] cut = whole[..(whole.Length / 2)];
        File.WriteAllBytes(db.Path, cut);
        foreach (string f in Directory.GetFiles(dir.Path, "leaderboard.db-*")) File.Delete(f);
        var e = Assert.Throws<InvalidDataException>(() => new Database(dir.Path));
        Assert.Contains("not a valid RlLab leaderboard database", e.Message);
        Assert.Contains("not a valid RlLab leaderboard database", RllabProcess.UserError("serve", "user", "add", "bob", "--data", dir.Path));
        Assert.Contains("not a valid RlLab leaderboard database", RllabProcess.UserError("serve", "season", "next", "--data", dir.Path));
        Assert.Equal(cut, File.ReadAllBytes(db.Path));

        using var future = new TempDir();
        var fresh = new Database(future.Path);
        using (var c = fresh.Open()) Database.Execute(c, "PRAGMA user_version=99");
        SqliteConnection.ClearAllPools();
        Assert.Contains("schema version 99", Assert.Throws<InvalidDataException>(() => new Database(future.Path)).Message);
    }

    [Fact]
    public void A_schema_1_database_is_migrated_forward_and_keeps_its_users()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "leaderboard.db");
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            // The schema as RlLab wrote it before versions were kept (user_version 0).
            Database.Execute(c, """
                CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, token_hash TEXT NOT NULL UNIQUE, created INTEGER NOT NULL, last_served INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE seasons (id INTEGER PRIMARY KEY, started INTEGER NOT NULL);
                CREATE TABLE submissions (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), race TEXT NOT NULL, season INTEGER NOT NULL,
                    sha256 TEXT NOT NULL, agent TEXT NOT NULL, size INTEGER NOT NULL, status TEXT NOT NULL, reason TEXT, created INTEGER NOT NULL, finished INTEGER,
                    primary_score REAL, secondary_score REAL, max_distance REAL, mean_laps REAL, episodes_json TEXT, replay_json TEXT, UNIQUE (user_id, race, season, sha256));
                CREATE TABLE events (id INTEGER PRIMARY KEY, submission_id INTEGER NOT NULL REFERENCES submissions(id), at INTEGER NOT NULL, status TEXT NOT NULL, note TEXT);
                CREATE TABLE jobs (id INTEGER PRIMARY KEY, submission_id INTEGER NOT NULL UNIQUE REFERENCES submissions(id), state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, claimed_at INTEGER);
                INSERT INTO seasons (id, started) VALUES (1, 0);
                INSERT INTO users (name, token_hash, created) VALUES ('alice', 'h', 1);
                INSERT INTO submissions (user_id, race, season, sha256, agent, size, status, created, finished, primary_score, secondary_score, max_distance, mean_laps, episodes_json, replay_json)
                VALUES (1, 'driving-time-trial', 1, 'aa', 'old', 10, 'scored', 5, 6, 0.5, 41.25, 600, 1.5,
                    '[{"index":-1,"return":10,"steps":10,"distance":100,"trackLength":400,"laps":0,"lapTimes":[],"endReason":"offroad","crashed":true},{"index":0,"return":900,"steps":900,"distance":600,"trackLength":400,"laps":1,"lapTimes":[41.25],"endReason":"time_limit","crashed":false}]',
                    '{"width":4,"track":[[0,0],[1,1]],"poses":[[0,0,0]],"dt":0.0667}');
                """);
        }
        var db = new Database(dir.Path);
        var old = new SubmissionStore(db, new QuotaLimits()).Get(1)!;
        Assert.Equal(41.25, old.Summary["lap_time"]);
        Assert.Equal(600, old.Summary["mit_distance"]);
        var view = RlLab.Leaderboard.Web.SubmissionView.Of(old, RlLab.Leaderboard.Races.RaceCatalog.DrivingTimeTrial());
        Assert.Equal(["Practice 1", "Track 1"], view.Episodes.Select(e => e.Name));
        Assert.Equal("offroad", view.Episodes[0].End);
        Assert.Equal(0.5, view.Episodes[1].Metrics["completed"]);
        Assert.Equal([41.25], view.Episodes[1].Series!["lap_times"]);
        Assert.Single(RlLab.Leaderboard.Web.Pages.ReplaysOf(old.ReplayJson));
        Assert.Equal(0.5, Assert.Single(new SubmissionStore(db, new QuotaLimits()).Standings("driving-time-trial", 1)).Primary);
        using (var c = db.Open()) Assert.Equal(Database.SchemaVersion, Database.Scalar<long>(c, "PRAGMA user_version"));
        var users = new UserStore(db);
        Assert.Contains("looks like the existing user 'alice'", Assert.Throws<ArgumentException>(() => users.Add("\u0430lice")).Message);
        users.Disable("alice");
        Assert.Single(AdminLog.Read(db));
        _ = view;
    }
}
