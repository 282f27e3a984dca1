using System.Text.Json;
using RlLab.Leaderboard.Races;

namespace RlLab.Leaderboard.Storage;

/// <summary>A claimed job: the submission to evaluate and the attempt that owns it.</summary>
public sealed record Job(long Id, long SubmissionId, string Race, int Season, string Sha256, int Attempt);

/// <summary>
/// The job queue in SQLite. A claim takes the queued job of the user served longest ago
/// (round-robin between users). Results are written only by the attempt that holds the job, so a
/// job re-run after a crash is counted once.
/// </summary>
public sealed class JobQueue(Database db)
{
    /// <summary>Attempts a job gets when the server, not the agent, fails it; then it ends as <see cref="Status.Error"/>.</summary>
    public const int MaxAttempts = 3;

    /// <summary>At start-up: jobs left running by a dead server go back to the queue.</summary>
    public int RequeueOrphans()
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        using var cmd = Database.Command(c, "UPDATE jobs SET state='queued' WHERE state='running'");
        int n = cmd.ExecuteNonQuery();
        Database.Execute(c, "UPDATE submissions SET status='queued' WHERE status='running'");
        tx.Commit();
        return n;
    }

    public Job? Claim()
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        using var cmd = Database.Command(c, """
            SELECT j.id, s.id, s.race, s.season, s.sha256, j.attempts, s.user_id
            FROM jobs j JOIN submissions s ON s.id = j.submission_id JOIN users u ON u.id = s.user_id
            WHERE j.state='queued' ORDER BY u.last_served ASC, j.id ASC LIMIT 1
            """);
        Job job;
        long user;
        using (var r = cmd.ExecuteReader())
        {
            if (!r.Read()) return null;
            job = new Job(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetInt32(3), r.GetString(4), r.GetInt32(5) + 1);
            user = r.GetInt64(6);
        }
        long now = Database.Now();
        Database.Execute(c, "UPDATE jobs SET state='running', attempts=$a, claimed_at=$t WHERE id=$id", ("$a", job.Attempt), ("$t", now), ("$id", job.Id));
        Database.Execute(c, "UPDATE users SET last_served=$t WHERE id=$u", ("$t", now), ("$u", user));
        Database.Execute(c, "UPDATE submissions SET status='running' WHERE id=$id", ("$id", job.SubmissionId));
        SubmissionStore.Event(c, job.SubmissionId, Status.Running, job.Attempt == 1 ? "evaluating" : $"evaluating (attempt {job.Attempt})");
        tx.Commit();
        return job;
    }

    /// <summary>
    /// The server failed this attempt (a killed child, a crash outside the policy): the job goes back to
    /// the queue, or after <see cref="MaxAttempts"/> ends as <see cref="Status.Error"/>. Never charged to the
    /// user. False when this attempt no longer owns the job.
    /// </summary>
    public bool Retry(Job job, string reason)
    {
        if (job.Attempt >= MaxAttempts)
            return Finish(job, Status.Error, $"server error after {MaxAttempts} attempts, not charged: {reason}");
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        using var own = Database.Command(c, "UPDATE jobs SET state='queued' WHERE id=$id AND state='running' AND attempts=$a", ("$id", job.Id), ("$a", job.Attempt));
        if (own.ExecuteNonQuery() != 1) return false;
        Database.Execute(c, "UPDATE submissions SET status='queued' WHERE id=$id", ("$id", job.SubmissionId));
        SubmissionStore.Event(c, job.SubmissionId, Status.Queued, $"attempt {job.Attempt} lost to a server-side failure ({reason}); re-queued, not charged");
        tx.Commit();
        return true;
    }

    public int Pending()
    {
        using var c = db.Open();
        return (int)Database.Scalar<long>(c, "SELECT COUNT(*) FROM jobs WHERE state IN ('queued','running')");
    }

    /// <summary>Writes the outcome if this attempt still owns the job; false when it does not (nothing is written).</summary>
    public bool Finish(Job job, string status, string? reason, RaceScore? score = null, string? episodesJson = null, string? replayJson = null)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        using var own = Database.Command(c, "UPDATE jobs SET state='done' WHERE id=$id AND state='running' AND attempts=$a", ("$id", job.Id), ("$a", job.Attempt));
        if (own.ExecuteNonQuery() != 1) return false;
        Database.Execute(c, """
            UPDATE submissions SET status=$s, reason=$why, finished=$t, primary_score=$p, secondary_score=$q, summary_json=$m,
                episodes_json=$e, replay_json=$rp WHERE id=$id
            """, ("$s", status), ("$why", reason), ("$t", Database.Now()), ("$p", score?.Primary), ("$q", score?.TieBreak),
            ("$m", score is null ? null : JsonSerializer.Serialize(score.Summary)), ("$e", episodesJson), ("$rp", replayJson), ("$id", job.SubmissionId));
        SubmissionStore.Event(c, job.SubmissionId, status, reason);
        tx.Commit();
        return true;
    }
}
