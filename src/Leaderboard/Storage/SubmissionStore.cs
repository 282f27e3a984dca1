using Microsoft.Data.Sqlite;

namespace RlLab.Leaderboard.Storage;

public sealed record QuotaLimits(int Scored = 5, int Failed = 20, int InFlight = 2);

public enum CreateOutcome { Created, Existing, QuotaExceeded }

/// <summary>Submissions, their history, the standings and the quotas. Every write is one transaction.</summary>
public sealed class SubmissionStore(Database db, QuotaLimits limits)
{
    const long Day = 24 * 3600 * 1000L;

    public int CurrentSeason()
    {
        using var c = db.Open();
        return (int)Database.Scalar<long>(c, "SELECT MAX(id) FROM seasons");
    }

    public int NextSeason()
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        Database.Execute(c, "INSERT INTO seasons (started) VALUES ($t)", ("$t", Database.Now()));
        int s = (int)Database.Scalar<long>(c, "SELECT MAX(id) FROM seasons");
        tx.Commit();
        return s;
    }

    /// <summary>The user's submission of these bytes in the race and the current season, if any.</summary>
    public long? FindExisting(long userId, string race, string sha)
    {
        using var c = db.Open();
        return Database.Scalar<long?>(c, "SELECT id FROM submissions WHERE user_id=$u AND race=$r AND season=(SELECT MAX(id) FROM seasons) AND sha256=$h",
            ("$u", userId), ("$r", race), ("$h", sha));
    }

    public Quota QuotaOf(long userId) { using var c = db.Open(); return QuotaOf(c, userId, Database.Now()); }

    Quota QuotaOf(SqliteConnection c, long userId, long now)
    {
        long since = now - Day;
        int Count(string status) => (int)Database.Scalar<long>(c,
            "SELECT COUNT(*) FROM submissions WHERE user_id=$u AND status=$s AND created > $since", ("$u", userId), ("$s", status), ("$since", since));
        int scored = Count(Status.Scored), failed = Count(Status.Failed);
        int flight = (int)Database.Scalar<long>(c, "SELECT COUNT(*) FROM submissions WHERE user_id=$u AND status IN ('queued','running')", ("$u", userId));
        long? next = null;
        if (scored + flight >= limits.Scored)
            next = Database.Scalar<long?>(c, "SELECT MIN(created) FROM submissions WHERE user_id=$u AND status='scored' AND created > $since", ("$u", userId), ("$since", since)) + Day;
        return new Quota(Math.Max(0, limits.Scored - scored - flight), Math.Max(0, limits.Failed - failed), Math.Max(0, limits.InFlight - flight), next);
    }

    /// <summary>
    /// Records an upload: the existing submission for identical bytes, else a refusal when the
    /// quota is spent, else a new one (queued with its job, or failed at once with the reason).
    /// </summary>
    public (CreateOutcome Outcome, long Id, Quota Quota) Create(long userId, string race, string sha, string agent, long size, string? failure)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        long now = Database.Now();
        int season = (int)Database.Scalar<long>(c, "SELECT MAX(id) FROM seasons");
        long? existing = Database.Scalar<long?>(c, "SELECT id FROM submissions WHERE user_id=$u AND race=$r AND season=$s AND sha256=$h",
            ("$u", userId), ("$r", race), ("$s", season), ("$h", sha));
        Quota q = QuotaOf(c, userId, now);
        if (existing is long e) return (CreateOutcome.Existing, e, q);
        bool allowed = failure is null ? q.ScoredLeft > 0 && q.InFlightLeft > 0 : q.FailedLeft > 0;
        if (!allowed) return (CreateOutcome.QuotaExceeded, 0, q);
        string status = failure is null ? Status.Queued : Status.Failed;
        Database.Execute(c, """
            INSERT INTO submissions (user_id, race, season, sha256, agent, size, status, reason, created, finished)
            VALUES ($u, $r, $s, $h, $a, $z, $st, $why, $t, $f)
            """, ("$u", userId), ("$r", race), ("$s", season), ("$h", sha), ("$a", agent), ("$z", size), ("$st", status),
            ("$why", failure), ("$t", now), ("$f", failure is null ? null : now));
        long id = Database.Scalar<long>(c, "SELECT last_insert_rowid()");
        Event(c, id, Status.Queued, "uploaded");
        if (failure is null) Database.Execute(c, "INSERT INTO jobs (submission_id, state) VALUES ($id, 'queued')", ("$id", id));
        else Event(c, id, Status.Failed, failure);
        Quota after = QuotaOf(c, userId, now);
        tx.Commit();
        return (CreateOutcome.Created, id, after);
    }

    internal static void Event(SqliteConnection c, long id, string status, string? note) =>
        Database.Execute(c, "INSERT INTO events (submission_id, at, status, note) VALUES ($id, $t, $s, $n)",
            ("$id", id), ("$t", Database.Now()), ("$s", status), ("$n", note));

    public Submission? Get(long id)
    {
        using var c = db.Open();
        var history = new List<StatusEvent>();
        using (var ev = Database.Command(c, "SELECT at, status, note FROM events WHERE submission_id=$id ORDER BY id", ("$id", id)))
        using (var r = ev.ExecuteReader())
            while (r.Read()) history.Add(new StatusEvent(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)));
        using var cmd = Database.Command(c, """
            SELECT s.id, u.name, s.race, s.season, s.sha256, s.agent, s.size, s.status, s.reason, s.created, s.finished,
                   s.primary_score, s.secondary_score, s.max_distance, s.mean_laps, s.episodes_json, s.replay_json
            FROM submissions s JOIN users u ON u.id = s.user_id WHERE s.id=$id
            """, ("$id", id));
        using var x = cmd.ExecuteReader();
        if (!x.Read()) return null;
        string? S(int i) => x.IsDBNull(i) ? null : x.GetString(i);
        double? D(int i) => x.IsDBNull(i) ? null : x.GetDouble(i);
        return new Submission(x.GetInt64(0), x.GetString(1), x.GetString(2), x.GetInt32(3), x.GetString(4), x.GetString(5), x.GetInt64(6),
            x.GetString(7), S(8), x.GetInt64(9), x.IsDBNull(10) ? null : x.GetInt64(10), D(11), D(12), D(13), D(14), S(15), S(16), history);
    }

    /// <summary>Each user's best scored submission in the race and season, ranked.</summary>
    public IReadOnlyList<StandingRow> Standings(string race, int season)
    {
        using var c = db.Open();
        using var cmd = Database.Command(c, """
            SELECT s.id, u.name, s.agent, s.primary_score, s.secondary_score, s.max_distance, s.mean_laps, s.created, s.user_id
            FROM submissions s JOIN users u ON u.id = s.user_id
            WHERE s.race=$r AND s.season=$s AND s.status='scored'
            ORDER BY s.primary_score DESC, s.secondary_score IS NULL, s.secondary_score ASC, s.created ASC, s.id ASC
            """, ("$r", race), ("$s", season));
        using var r = cmd.ExecuteReader();
        var rows = new List<StandingRow>();
        var seen = new HashSet<long>();
        while (r.Read())
        {
            if (!seen.Add(r.GetInt64(8))) continue;
            rows.Add(new StandingRow(rows.Count + 1, r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetDouble(3),
                r.IsDBNull(4) ? null : r.GetDouble(4), r.IsDBNull(5) ? null : r.GetDouble(5), r.IsDBNull(6) ? null : r.GetDouble(6), r.GetInt64(7)));
        }
        return rows;
    }

    public IReadOnlyList<(long Id, string Race, string Status, long Created)> RecentOf(string user, int count = 20)
    {
        using var c = db.Open();
        using var cmd = Database.Command(c, "SELECT s.id, s.race, s.status, s.created FROM submissions s JOIN users u ON u.id=s.user_id WHERE u.name=$n ORDER BY s.id DESC LIMIT $k", ("$n", user), ("$k", count));
        using var r = cmd.ExecuteReader();
        var list = new List<(long, string, string, long)>();
        while (r.Read()) list.Add((r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3)));
        return list;
    }
}
