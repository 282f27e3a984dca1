using Microsoft.Data.Sqlite;

namespace RlLab.Leaderboard.Storage;

/// <summary>
/// The SQLite file under the data folder, in WAL mode so that pages read while workers write. Before
/// anything is written it checks that the file is an RlLab leaderboard (SQLite header, integrity
/// check, a known schema version); older schemas are migrated forward in one transaction. A file
/// that fails is left untouched and reported in one line (<see cref="InvalidDataException"/>).
/// </summary>
public sealed class Database
{
    /// <summary>PRAGMA user_version of the schema this code writes. 0 with tables is version 1 (before versions were kept).</summary>
    public const int SchemaVersion = 3;

    const string SchemaV1 = """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, token_hash TEXT NOT NULL UNIQUE,
            created INTEGER NOT NULL, last_served INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE seasons (id INTEGER PRIMARY KEY, started INTEGER NOT NULL);
        CREATE TABLE submissions (
            id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), race TEXT NOT NULL,
            season INTEGER NOT NULL, sha256 TEXT NOT NULL, agent TEXT NOT NULL, size INTEGER NOT NULL,
            status TEXT NOT NULL, reason TEXT, created INTEGER NOT NULL, finished INTEGER,
            primary_score REAL, secondary_score REAL, max_distance REAL, mean_laps REAL,
            episodes_json TEXT, replay_json TEXT,
            UNIQUE (user_id, race, season, sha256));
        CREATE INDEX submissions_user ON submissions (user_id, created);
        CREATE INDEX submissions_race ON submissions (race, season, status);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY, submission_id INTEGER NOT NULL REFERENCES submissions(id),
            at INTEGER NOT NULL, status TEXT NOT NULL, note TEXT);
        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY, submission_id INTEGER NOT NULL UNIQUE REFERENCES submissions(id),
            state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, claimed_at INTEGER);
        CREATE INDEX jobs_state ON jobs (state, id);
        INSERT INTO seasons (id, started) VALUES (1, 0);
        """;

    /// <summary>
    /// Version 2: disabled users and name skeletons, disqualifications, the admin log, and the race's
    /// summary and episodes as the race plug-ins write them (the driving-only columns max_distance and mean_laps
    /// are read into the summary, then unused; version 1 only knew the 3-lap time trial and CartPole).
    /// </summary>
    const string MigrateV2 = """
        ALTER TABLE submissions ADD COLUMN summary_json TEXT;
        UPDATE submissions SET summary_json = CASE
            WHEN max_distance IS NULL THEN '{}'
            WHEN secondary_score IS NULL THEN json_object('completed', primary_score, 'laps', mean_laps, 'mit_distance', max_distance)
            ELSE json_object('completed', primary_score, 'laps', mean_laps, 'lap_time', secondary_score, 'mit_distance', max_distance) END
            WHERE primary_score IS NOT NULL;
        UPDATE submissions SET episodes_json = (
            SELECT json_group_array(json_object(
                'index', json_extract(e.value, '$.index'), 'return', json_extract(e.value, '$.return'),
                'steps', json_extract(e.value, '$.steps'), 'end', json_extract(e.value, '$.endReason'),
                'metrics', CASE WHEN submissions.race = 'cartpole' THEN json_object() ELSE json_object(
                    'distance', json_extract(e.value, '$.distance'), 'laps', json_extract(e.value, '$.laps'),
                    'crashed', CASE WHEN json_extract(e.value, '$.crashed') THEN 1 ELSE 0 END,
                    'completed', CASE WHEN json_extract(e.value, '$.trackLength') > 0
                        THEN min(1.0, json_extract(e.value, '$.distance') / (3.0 * json_extract(e.value, '$.trackLength'))) ELSE 0 END) END,
                'series', json_object('lap_times', json(COALESCE(json_extract(e.value, '$.lapTimes'), '[]')))))
            FROM json_each(submissions.episodes_json) AS e)
            WHERE episodes_json IS NOT NULL;
        UPDATE submissions SET replay_json = '[' || replay_json || ']' WHERE replay_json LIKE '{%';
        ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE users ADD COLUMN skeleton TEXT;
        CREATE INDEX users_skeleton ON users (skeleton);
        ALTER TABLE submissions ADD COLUMN dq_reason TEXT;
        CREATE TABLE admin_log (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, verb TEXT NOT NULL, target TEXT NOT NULL, note TEXT);
        """;

    /// <summary>
    /// Version 3: the league's matches. A row is scheduled (queued, running) and, once played, an entry of
    /// the match log: <c>played</c> numbers the log in the order the matches finished, and the ratings are
    /// recomputed from the log alone (League/LeagueTable). The seed is written once the match is played.
    /// </summary>
    const string MigrateV3 = """
        CREATE TABLE league_matches (
            id INTEGER PRIMARY KEY, race TEXT NOT NULL, season INTEGER NOT NULL,
            first_id INTEGER NOT NULL REFERENCES submissions(id), second_id INTEGER NOT NULL REFERENCES submissions(id),
            state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL, claimed_at INTEGER,
            played INTEGER UNIQUE, finished INTEGER, first_points INTEGER, second_points INTEGER, outcome TEXT,
            reason TEXT, seed INTEGER, games_json TEXT, replay_json TEXT);
        CREATE INDEX league_matches_log ON league_matches (race, season, played);
        CREATE INDEX league_matches_state ON league_matches (state, id);
        """;

    static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    readonly string _connectionString;

    public Database(string dataDir)
    {
        if (File.Exists(dataDir)) throw new InvalidDataException($"--data {dataDir}: is a file; the leaderboard needs a folder");
        Directory.CreateDirectory(dataDir);
        Path = System.IO.Path.Combine(dataDir, "leaderboard.db");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, DefaultTimeout = 30 }.ToString();
        CheckHeader();
        try
        {
            using var c = Open();
            int version = Check(c);
            if (version < SchemaVersion) Migrate(c, version);
            Execute(c, "PRAGMA journal_mode=WAL;");
        }
        catch (SqliteException e)
        {
            throw Invalid(e.Message.Split('\n')[0].Replace("SQLite Error ", "SQLite error ", StringComparison.Ordinal));
        }
    }

    public string Path { get; }

    InvalidDataException Invalid(string why) =>
        new($"{Path}: not a valid RlLab leaderboard database ({why}); it was left untouched: restore it from a backup or use another --data folder");

    void CheckHeader()
    {
        if (!File.Exists(Path)) return;
        using var f = File.OpenRead(Path);
        if (f.Length == 0) return; // SQLite's own empty database: nothing to lose
        var head = new byte[SqliteHeader.Length];
        if (f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length || !head.SequenceEqual(SqliteHeader))
            throw Invalid("bad header: not an SQLite file");
    }

    /// <summary>The schema version of a sound file (0 for a new one); throws for anything else.</summary>
    int Check(SqliteConnection c)
    {
        string integrity = Scalar<string>(c, "PRAGMA integrity_check") ?? "no answer";
        if (integrity != "ok") throw Invalid($"integrity check: {integrity.Split('\n')[0]}");
        int version = (int)Scalar<long>(c, "PRAGMA user_version");
        long tables = Scalar<long>(c, "SELECT COUNT(*) FROM sqlite_master WHERE type='table'");
        bool ours = Scalar<long>(c, "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name IN ('users','submissions','jobs','events','seasons')") == 5;
        if (version > SchemaVersion) throw Invalid($"schema version {version}, newer than this RlLab's {SchemaVersion}");
        if (tables > 0 && !ours) throw Invalid("it holds other tables");
        if (version == 0 && ours) return 1;
        if (version > 0 && !ours) throw Invalid($"schema version {version} without its tables");
        return version;
    }

    static void Migrate(SqliteConnection c, int from)
    {
        using var tx = c.BeginTransaction();
        if (from < 1) Execute(c, SchemaV1);
        if (from < 2) Execute(c, MigrateV2);
        if (from < 3) Execute(c, MigrateV3);
        Execute(c, $"PRAGMA user_version={SchemaVersion}");
        tx.Commit();
    }

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
