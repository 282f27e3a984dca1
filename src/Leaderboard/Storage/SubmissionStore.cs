using Microsoft.Data.Sqlite;

namespace RlLab.Leaderboard.Storage;

/// <summary>Per user: scored, failed and in-flight submissions in a rolling 24 h, and the bytes of their accepted bundles.</summary>
public sealed record QuotaLimits(int Scored = 5, int Failed = 20, int InFlight = 2, long StorageBytes = 256L << 20);

public enum CreateOutcome { Created, Existing, QuotaExceeded, StorageExceeded, Requeued }

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
        AdminLog.Write(c, "season next", s.ToString(System.Globalization.CultureInfo.InvariantCulture), null);
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
        int Count(string statuses) => (int)Database.Scalar<long>(c,
            $"SELECT COUNT(*) FROM submissions WHERE user_id=$u AND status IN ({statuses}) AND created > $since", ("$u", userId), ("$since", since));
        long? Oldest(string statuses) => Database.Scalar<long?>(c,
            $"SELECT MIN(created) FROM submissions WHERE user_id=$u AND status IN ({statuses}) AND created > $since", ("$u", userId), ("$since", since)) + Day;
        // A disqualified run was scored: it used its slot.
        const string scoredStatuses = "'scored','disqualified'", failedStatuses = "'failed'";
        int scored = Count(scoredStatuses), failed = Count(failedStatuses);
        int flight = (int)Database.Scalar<long>(c, "SELECT COUNT(*) FROM submissions WHERE user_id=$u AND status IN ('queued','running')", ("$u", userId));
        long? next = scored + flight >= limits.Scored ? Oldest(scoredStatuses) : null;
        long? nextFailed = failed >= limits.Failed ? Oldest(failedStatuses) : null;
        return new Quota(Math.Max(0, limits.Scored - scored - flight), Math.Max(0, limits.Failed - failed), Math.Max(0, limits.InFlight - flight), next, nextFailed);
    }

    /// <summary>Whether any accepted submission holds these bytes (so the stored file must stay).</summary>
    public bool References(string sha)
    {
        using var c = db.Open();
        return Database.Scalar<long>(c, "SELECT COUNT(*) FROM submissions WHERE sha256=$h AND status != 'failed'", ("$h", sha)) > 0;
    }

    /// <summary>Bytes of the user's accepted bundles (what the server keeps for them).</summary>
    public long StoredBytesOf(long userId) { using var c = db.Open(); return StoredBytes(c, userId); }

    static long StoredBytes(SqliteConnection c, long userId) =>
        Database.Scalar<long>(c, "SELECT COALESCE(SUM(size), 0) FROM submissions WHERE user_id=$u AND status != 'failed'", ("$u", userId));

    /// <summary>
    /// Records an upload: the existing submission for identical bytes (re-queued, uncharged, when the
    /// server failed it), else a refusal when the quota or the storage cap is spent, else a new one
    /// (queued with its job, or failed at once with the reason). <paramref name="note"/> goes in its history.
    /// </summary>
    public (CreateOutcome Outcome, long Id, Quota Quota) Create(long userId, string race, string sha, string agent, long size, string? failure, string? note = null)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        long now = Database.Now();
        int season = (int)Database.Scalar<long>(c, "SELECT MAX(id) FROM seasons");
        long? existing = Database.Scalar<long?>(c, "SELECT id FROM submissions WHERE user_id=$u AND race=$r AND season=$s AND sha256=$h",
            ("$u", userId), ("$r", race), ("$s", season), ("$h", sha));
        Quota q = QuotaOf(c, userId, now);
        if (existing is long e)
        {
            // The server lost these bytes' evaluation: the same upload runs them again, at no cost.
            if (failure is null && Database.Scalar<string>(c, "SELECT status FROM submissions WHERE id=$id", ("$id", e)) == Status.Error)
            {
                Requeue(c, e, "uploaded again after a server error; re-queued, not charged");
                Quota requeued = QuotaOf(c, userId, now);
                tx.Commit();
                return (CreateOutcome.Requeued, e, requeued);
            }
            return (CreateOutcome.Existing, e, q);
        }
        bool allowed = failure is null ? q.ScoredLeft > 0 && q.InFlightLeft > 0 : q.FailedLeft > 0;
        if (!allowed) return (CreateOutcome.QuotaExceeded, 0, q);
        if (failure is null && StoredBytes(c, userId) + size > limits.StorageBytes) return (CreateOutcome.StorageExceeded, 0, q);
        string status = failure is null ? Status.Queued : Status.Failed;
        Database.Execute(c, """
            INSERT INTO submissions (user_id, race, season, sha256, agent, size, status, reason, created, finished)
            VALUES ($u, $r, $s, $h, $a, $z, $st, $why, $t, $f)
            """, ("$u", userId), ("$r", race), ("$s", season), ("$h", sha), ("$a", agent), ("$z", size), ("$st", status),
            ("$why", failure), ("$t", now), ("$f", failure is null ? null : now));
        long id = Database.Scalar<long>(c, "SELECT last_insert_rowid()");
        Event(c, id, Status.Queued, note is null ? "uploaded" : $"uploaded; {note}");
        if (failure is null) Database.Execute(c, "INSERT INTO jobs (submission_id, state) VALUES ($id, 'queued')", ("$id", id));
        else Event(c, id, Status.Failed, failure);
        Quota after = QuotaOf(c, userId, now);
        tx.Commit();
        return (CreateOutcome.Created, id, after);
    }

    /// <summary>Queues a submission's evaluation again from attempt 1 (its job row is made if it has none).</summary>
    static void Requeue(SqliteConnection c, long id, string note)
    {
        Database.Execute(c, "UPDATE submissions SET status='queued', reason=NULL, finished=NULL WHERE id=$id", ("$id", id));
        Database.Execute(c, """
            INSERT INTO jobs (submission_id, state, attempts) VALUES ($id, 'queued', 0)
            ON CONFLICT (submission_id) DO UPDATE SET state='queued', attempts=0, claimed_at=NULL
            """, ("$id", id));
        Event(c, id, Status.Queued, note);
    }

    /// <summary>
    /// `serve submission rerun ID`: evaluates the submission again (its bytes must be stored: a bundle
    /// refused at the gate was never kept). Throws <see cref="ArgumentException"/> with the reason it cannot.
    /// </summary>
    public void Rerun(long id, Func<string, bool> bytesStored)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        var (status, sha) = StatusOf(c, id);
        if (status is Status.Queued or Status.Running) throw new ArgumentException($"submission {id} is {status} already");
        if (status == Status.Disqualified) throw new ArgumentException($"submission {id} is disqualified; a re-run would not put it back");
        if (!bytesStored(sha)) throw new ArgumentException($"submission {id}: its bundle is not stored (a bundle refused at upload is not kept)");
        Requeue(c, id, "re-run by an admin");
        AdminLog.Write(c, "submission rerun", id.ToString(System.Globalization.CultureInfo.InvariantCulture), null);
        tx.Commit();
    }

    /// <summary>`serve submission disqualify ID --reason TEXT`: it leaves the standings; its scores stay for the record.</summary>
    public void Disqualify(long id, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("--reason is empty: say why, it is shown on the page");
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        var (status, _) = StatusOf(c, id);
        if (status == Status.Disqualified) throw new ArgumentException($"submission {id} is disqualified already");
        Database.Execute(c, "UPDATE submissions SET status=$s, dq_reason=$r WHERE id=$id", ("$s", Status.Disqualified), ("$r", reason), ("$id", id));
        Database.Execute(c, "UPDATE jobs SET state='done' WHERE submission_id=$id", ("$id", id));
        Event(c, id, Status.Disqualified, reason);
        AdminLog.Write(c, "submission disqualify", id.ToString(System.Globalization.CultureInfo.InvariantCulture), reason);
        tx.Commit();
    }

    static (string Status, string Sha) StatusOf(SqliteConnection c, long id)
    {
        using var cmd = Database.Command(c, "SELECT status, sha256 FROM submissions WHERE id=$id", ("$id", id));
        using var r = cmd.ExecuteReader();
        return r.Read() ? (r.GetString(0), r.GetString(1)) : throw new ArgumentException($"no submission {id}");
    }

    /// <summary>The disqualified submissions of a race and season, for the page (struck through, with the reason).</summary>
    public IReadOnlyList<(long Id, string User, string Agent, string Reason)> Disqualified(string race, int season)
    {
        using var c = db.Open();
        using var cmd = Database.Command(c, """
            SELECT s.id, u.name, s.agent, COALESCE(s.dq_reason, '') FROM submissions s JOIN users u ON u.id = s.user_id
            WHERE s.race=$r AND s.season=$s AND s.status='disqualified' ORDER BY s.id
            """, ("$r", race), ("$s", season));
        using var r = cmd.ExecuteReader();
        var list = new List<(long, string, string, string)>();
        while (r.Read()) list.Add((r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3)));
        return list;
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
                   s.primary_score, s.secondary_score, s.summary_json, s.episodes_json, s.replay_json, s.dq_reason
            FROM submissions s JOIN users u ON u.id = s.user_id WHERE s.id=$id
            """, ("$id", id));
        using var x = cmd.ExecuteReader();
        if (!x.Read()) return null;
        string? S(int i) => x.IsDBNull(i) ? null : x.GetString(i);
        double? D(int i) => x.IsDBNull(i) ? null : x.GetDouble(i);
        return new Submission(x.GetInt64(0), x.GetString(1), x.GetString(2), x.GetInt32(3), x.GetString(4), x.GetString(5), x.GetInt64(6),
            x.GetString(7), S(8), x.GetInt64(9), x.IsDBNull(10) ? null : x.GetInt64(10), D(11), D(12), SummaryOf(S(13)), S(14), S(15), history, S(16));
    }

    /// <summary>Each user's best scored submission in the race and season, ranked; equal keys share a rank.</summary>
    public IReadOnlyList<StandingRow> Standings(string race, int season)
    {
        using var c = db.Open();
        using var cmd = Database.Command(c, """
            SELECT s.id, u.name, s.agent, s.primary_score, s.secondary_score, s.summary_json, s.created, s.user_id
            FROM submissions s JOIN users u ON u.id = s.user_id
            WHERE s.race=$r AND s.season=$s AND s.status='scored'
            ORDER BY s.primary_score DESC, s.secondary_score IS NULL, s.secondary_score ASC, s.created ASC, s.id ASC
            """, ("$r", race), ("$s", season));
        using var r = cmd.ExecuteReader();
        var rows = new List<StandingRow>();
        var seen = new HashSet<long>();
        while (r.Read())
        {
            if (!seen.Add(r.GetInt64(7))) continue;
            double primary = r.GetDouble(3);
            double? tie = r.IsDBNull(4) ? null : r.GetDouble(4);
            int rank = rows.Count > 0 && rows[^1].Primary == primary && rows[^1].TieBreak == tie ? rows[^1].Rank : rows.Count + 1;
            rows.Add(new StandingRow(rank, r.GetInt64(0), r.GetString(1), r.GetString(2), primary, tie,
                SummaryOf(r.IsDBNull(5) ? null : r.GetString(5)), r.GetInt64(6)));
        }
        return rows;
    }

    static IReadOnlyDictionary<string, double> SummaryOf(string? json) =>
        json is null ? new Dictionary<string, double>() : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, double>>(json) ?? [];

    /// <summary>A user's submissions, newest first: one page of them and how many there are in all (null: no such user).</summary>
    public (IReadOnlyList<UserSubmission> Items, int Total)? OfUser(string user, int offset, int limit)
    {
        using var c = db.Open();
        if (Database.Scalar<long?>(c, "SELECT id FROM users WHERE name=$n", ("$n", user)) is not long id) return null;
        int total = (int)Database.Scalar<long>(c, "SELECT COUNT(*) FROM submissions WHERE user_id=$u", ("$u", id));
        using var cmd = Database.Command(c, """
            SELECT id, race, season, agent, status, primary_score, created FROM submissions WHERE user_id=$u
            ORDER BY id DESC LIMIT $k OFFSET $o
            """, ("$u", id), ("$k", limit), ("$o", offset));
        using var r = cmd.ExecuteReader();
        var list = new List<UserSubmission>();
        while (r.Read())
            list.Add(new UserSubmission(r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetDouble(5), r.GetInt64(6)));
        return (list, total);
    }

    /// <summary>A user's scored submissions in one race, oldest first: the points of their score-history chart.</summary>
    public IReadOnlyList<(long Created, double Score)> History(string user, string race)
    {
        using var c = db.Open();
        using var cmd = Database.Command(c, """
            SELECT s.created, s.primary_score FROM submissions s JOIN users u ON u.id = s.user_id
            WHERE u.name=$n AND s.race=$r AND s.status='scored' ORDER BY s.created LIMIT 1000
            """, ("$n", user), ("$r", race));
        using var r = cmd.ExecuteReader();
        var list = new List<(long, double)>();
        while (r.Read()) list.Add((r.GetInt64(0), r.GetDouble(1)));
        return list;
    }

    /// <summary>Every season, newest first, with its start (unix ms; 0 for the first).</summary>
    public IReadOnlyList<(int Id, long Started)> Seasons()
    {
        using var c = db.Open();
        using var cmd = Database.Command(c, "SELECT id, started FROM seasons ORDER BY id DESC");
        using var r = cmd.ExecuteReader();
        var list = new List<(int, long)>();
        while (r.Read()) list.Add((r.GetInt32(0), r.GetInt64(1)));
        return list;
    }
}
