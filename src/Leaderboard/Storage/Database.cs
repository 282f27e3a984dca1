using Microsoft.Data.Sqlite;

namespace RlLab.Leaderboard.Storage;

/// <summary>The SQLite file under the data folder, in WAL mode so that pages read while workers write.</summary>
public sealed class Database
{
    const string Schema = """
        CREATE TABLE IF NOT EXISTS users (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, token_hash TEXT NOT NULL UNIQUE,
            created INTEGER NOT NULL, last_served INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS seasons (id INTEGER PRIMARY KEY, started INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS submissions (
            id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), race TEXT NOT NULL,
            season INTEGER NOT NULL, sha256 TEXT NOT NULL, agent TEXT NOT NULL, size INTEGER NOT NULL,
            status TEXT NOT NULL, reason TEXT, created INTEGER NOT NULL, finished INTEGER,
            primary_score REAL, secondary_score REAL, max_distance REAL, mean_laps REAL,
            episodes_json TEXT, replay_json TEXT,
            UNIQUE (user_id, race, season, sha256));
        CREATE INDEX IF NOT EXISTS submissions_user ON submissions (user_id, created);
        CREATE INDEX IF NOT EXISTS submissions_race ON submissions (race, season, status);
        CREATE TABLE IF NOT EXISTS events (
            id INTEGER PRIMARY KEY, submission_id INTEGER NOT NULL REFERENCES submissions(id),
            at INTEGER NOT NULL, status TEXT NOT NULL, note TEXT);
        CREATE TABLE IF NOT EXISTS jobs (
            id INTEGER PRIMARY KEY, submission_id INTEGER NOT NULL UNIQUE REFERENCES submissions(id),
            state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, claimed_at INTEGER);
        CREATE INDEX IF NOT EXISTS jobs_state ON jobs (state, id);
        INSERT INTO seasons (id, started) SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM seasons);
        """;

    readonly string _connectionString;

    public Database(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        Path = System.IO.Path.Combine(dataDir, "leaderboard.db");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var c = Open();
        Execute(c, "PRAGMA journal_mode=WAL;");
        Execute(c, Schema);
    }

    public string Path { get; }

    public SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        Execute(c, "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;");
        return c;
    }

    public static void Execute(SqliteConnection c, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(c, sql, args);
        cmd.ExecuteNonQuery();
    }

    public static SqliteCommand Command(SqliteConnection c, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    public static T? Scalar<T>(SqliteConnection c, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(c, sql, args);
        object? v = cmd.ExecuteScalar();
        return v is null or DBNull ? default : (T)Convert.ChangeType(v, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
