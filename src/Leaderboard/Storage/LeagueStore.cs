using Microsoft.Data.Sqlite;
using RlLab.Leaderboard.League;

namespace RlLab.Leaderboard.Storage;

/// <summary>A league match claimed by a worker: the two entrants (submission ids, first on the right in game 1) and the attempt that owns it.</summary>
public sealed record LeagueJob(long Id, string Race, int Season, long FirstId, long SecondId, string FirstSha, string SecondSha, int Attempt);

/// <summary>An entrant as the pages name it: the submission, its user and agent name.</summary>
public sealed record LeagueEntrant(long Id, string User, string Agent, bool Disqualified);

/// <summary>A scheduled or played match as the pages show it; the seed only once played.</summary>
public sealed record LeagueMatchRow(long Id, int Season, long? Played, long FirstId, long SecondId, string State, int? FirstPoints, int? SecondPoints,
    MatchOutcome? Outcome, string? Reason, long Created, long? Finished, int? Seed, string? GamesJson, string? ReplayJson);

/// <summary>
/// The league's matches in SQLite: the scheduler's claims, the results (the match log) and the
/// ratings recomputed from the log with <see cref="LeagueTable"/>. Every write is one transaction,
/// and a result is written only by the attempt that holds the match, as for time-trial jobs.
/// </summary>
public sealed class LeagueStore(Database db)
{
    /// <summary>At start-up: matches left running by a dead server go back to the queue.</summary>
    public int RequeueOrphans()
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        using var cmd = Database.Command(c, "UPDATE league_matches SET state='queued' WHERE state='running'");
        int n = cmd.ExecuteNonQuery();
        tx.Commit();
        return n;
    }

    /// <summary>
    /// The next match for a free worker: a re-queued one first, else the matchmaker's pick among the
    /// entrants not playing now (null: nothing to play). The pick is written as running in the same transaction.
    /// </summary>
    public LeagueJob? Claim(string race, Matchmaker matchmaker)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        int season = (int)Database.Scalar<long>(c, "SELECT MAX(id) FROM seasons");
        long now = Database.Now();
        // A re-queued match whose agent has left (disqualified) is dropped.
        Database.Execute(c, """
            UPDATE league_matches SET state='cancelled', reason='an agent left the league' WHERE race=$r AND state='queued'
            AND EXISTS (SELECT 1 FROM submissions s WHERE s.id IN (first_id, second_id) AND s.status != 'scored')
            """, ("$r", race));
        long? queued = Database.Scalar<long?>(c, "SELECT id FROM league_matches WHERE race=$r AND season=$s AND state='queued' ORDER BY id LIMIT 1",
            ("$r", race), ("$s", season));
        long id;
        if (queued is long q) id = q;
        else
        {
            var busy = new HashSet<string>(StringComparer.Ordinal);
            using (var cmd = Database.Command(c, "SELECT first_id, second_id FROM league_matches WHERE race=$r AND state='running'", ("$r", race)))
            using (var r = cmd.ExecuteReader())
                while (r.Read()) { busy.Add(Key(r.GetInt64(0))); busy.Add(Key(r.GetInt64(1))); }
            var free = Standings(c, race, season).Where(s => !busy.Contains(s.Agent)).ToList();
            if (matchmaker.Next(free) is not { } pair)
            {
                tx.Commit(); // keeps the drops above; with none, nothing is written and the pages stay cached
                return null;
            }
            Database.Execute(c, "INSERT INTO league_matches (race, season, first_id, second_id, state, created) VALUES ($r, $s, $a, $b, 'queued', $t)",
                ("$r", race), ("$s", season), ("$a", long.Parse(pair.First, System.Globalization.CultureInfo.InvariantCulture)),
                ("$b", long.Parse(pair.Second, System.Globalization.CultureInfo.InvariantCulture)), ("$t", now));
            id = Database.Scalar<long>(c, "SELECT last_insert_rowid()");
        }
        Database.Execute(c, "UPDATE league_matches SET state='running', attempts=attempts+1, claimed_at=$t WHERE id=$id", ("$t", now), ("$id", id));
        using var get = Database.Command(c, """
            SELECT m.first_id, m.second_id, a.sha256, b.sha256, m.attempts FROM league_matches m
            JOIN submissions a ON a.id = m.first_id JOIN submissions b ON b.id = m.second_id WHERE m.id=$id
            """, ("$id", id));
        LeagueJob job;
        using (var r = get.ExecuteReader())
        {
            r.Read();
            job = new LeagueJob(id, race, season, r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetInt32(4));
        }
        tx.Commit();
        return job;
    }

    /// <summary>
    /// Writes a played match into the log (the next <c>played</c> number) if this attempt still owns it;
    /// a forfeit goes into the forfeiting submission's history too. False when nothing was written.
    /// </summary>
    public bool Finish(LeagueJob job, int seed, int firstPoints, int secondPoints, MatchOutcome outcome, string? reason, string gamesJson, string? replayJson)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        long played = Database.Scalar<long>(c, "SELECT COALESCE(MAX(played), 0) + 1 FROM league_matches");
        using var own = Database.Command(c, """
            UPDATE league_matches SET state='done', played=$p, finished=$t, first_points=$fp, second_points=$sp, outcome=$o, reason=$why,
                seed=$seed, games_json=$g, replay_json=$rp WHERE id=$id AND state='running' AND attempts=$a
            """, ("$p", played), ("$t", Database.Now()), ("$fp", firstPoints), ("$sp", secondPoints), ("$o", outcome.ToString()), ("$why", reason),
            ("$seed", seed), ("$g", gamesJson), ("$rp", replayJson), ("$id", job.Id), ("$a", job.Attempt));
        if (own.ExecuteNonQuery() != 1) return false;
        if (outcome != MatchOutcome.Played)
            SubmissionStore.Event(c, outcome == MatchOutcome.FirstForfeits ? job.FirstId : job.SecondId, "forfeit", $"lost league match {job.Id} by forfeit: {reason}");
        tx.Commit();
        return true;
    }

    /// <summary>The server failed this attempt: the match is queued again, or after <see cref="JobQueue.MaxAttempts"/> dropped as an error (in no one's record).</summary>
    public bool Retry(LeagueJob job, string reason)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        string state = job.Attempt >= JobQueue.MaxAttempts ? "error" : "queued";
        using var own = Database.Command(c, "UPDATE league_matches SET state=$st, reason=$why WHERE id=$id AND state='running' AND attempts=$a",
            ("$st", state), ("$why", state == "error" ? $"server error after {JobQueue.MaxAttempts} attempts, counted for no one: {reason}" : reason),
            ("$id", job.Id), ("$a", job.Attempt));
        if (own.ExecuteNonQuery() != 1) return false;
        tx.Commit();
        return true;
    }

    /// <summary>The league's table, recomputed from the match log: entrants are the league's scored submissions, disqualified ones replayed out.</summary>
    public IReadOnlyList<LeagueStanding> Table(string race, int season)
    {
        using var c = db.Open();
        return Standings(c, race, season);
    }

    /// <summary>The match log of a league and season, in the order the matches were played.</summary>
    public IReadOnlyList<LeagueMatch> Log(string race, int season)
    {
        using var c = db.Open();
        return Log(c, race, season);
    }

    /// <summary>Every submission of the league and season, by id.</summary>
    public IReadOnlyDictionary<string, LeagueEntrant> Entrants(string race, int season)
    {
        using var c = db.Open();
        return Entrants(c, race, season);
    }

    /// <summary>The newest matches first (played, running and queued).</summary>
    public IReadOnlyList<LeagueMatchRow> Matches(string race, int season, int limit = 50)
    {
        using var c = db.Open();
        return Rows(c, "m.race=$r AND m.season=$s AND m.state IN ('done','running','queued') ORDER BY m.id DESC LIMIT $k", ("$r", race), ("$s", season), ("$k", limit));
    }

    public LeagueMatchRow? Match(string race, long id)
    {
        using var c = db.Open();
        return Rows(c, "m.race=$r AND m.id=$id", ("$r", race), ("$id", id)).FirstOrDefault();
    }

    static string Key(long submission) => submission.ToString(System.Globalization.CultureInfo.InvariantCulture);

    static IReadOnlyList<LeagueStanding> Standings(SqliteConnection c, string race, int season)
    {
        var entrants = Entrants(c, race, season);
        var excluded = entrants.Values.Where(e => e.Disqualified).Select(e => Key(e.Id)).ToHashSet(StringComparer.Ordinal);
        return LeagueTable.Recompute(Log(c, race, season), entrants.Keys, excluded);
    }

    /// <summary>Each game's result for the first agent, from the match's stored games.</summary>
    static int[] GameOutcomes(string gamesJson) =>
        [.. (System.Text.Json.JsonSerializer.Deserialize<List<RlLab.Agents.Matches.PongGameResult>>(gamesJson, Evaluation.EvaluationChild.Json) ?? []).Select(g => g.Outcome)];

    static IReadOnlyList<LeagueMatch> Log(SqliteConnection c, string race, int season)
    {
        using var cmd = Database.Command(c, """
            SELECT played, first_id, second_id, first_points, second_points, outcome, games_json FROM league_matches
            WHERE race=$r AND season=$s AND state='done' ORDER BY played
            """, ("$r", race), ("$s", season));
        using var r = cmd.ExecuteReader();
        var log = new List<LeagueMatch>();
        while (r.Read())
            log.Add(new LeagueMatch(r.GetInt64(0), Key(r.GetInt64(1)), Key(r.GetInt64(2)), r.GetInt32(3), r.GetInt32(4), Enum.Parse<MatchOutcome>(r.GetString(5)))
            {
                GameOutcomes = r.IsDBNull(6) ? null : GameOutcomes(r.GetString(6)),
            });
        return log;
    }

    static Dictionary<string, LeagueEntrant> Entrants(SqliteConnection c, string race, int season)
    {
        using var cmd = Database.Command(c, """
            SELECT s.id, u.name, s.agent, s.status FROM submissions s JOIN users u ON u.id = s.user_id
            WHERE s.race=$r AND s.season=$s AND s.status IN ('scored','disqualified') ORDER BY s.id
            """, ("$r", race), ("$s", season));
        using var r = cmd.ExecuteReader();
        var map = new Dictionary<string, LeagueEntrant>(StringComparer.Ordinal);
        while (r.Read()) map[Key(r.GetInt64(0))] = new LeagueEntrant(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3) == Status.Disqualified);
        return map;
    }

    static List<LeagueMatchRow> Rows(SqliteConnection c, string where, params (string, object?)[] args)
    {
        using var cmd = Database.Command(c, $"""
            SELECT m.id, m.season, m.played, m.first_id, m.second_id, m.state, m.first_points, m.second_points, m.outcome, m.reason, m.created,
                   m.finished, m.seed, m.games_json, m.replay_json FROM league_matches m WHERE {where}
            """, args);
        using var r = cmd.ExecuteReader();
        var rows = new List<LeagueMatchRow>();
        int? I(int i) => r.IsDBNull(i) ? null : r.GetInt32(i);
        long? L(int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        while (r.Read())
            rows.Add(new LeagueMatchRow(r.GetInt64(0), r.GetInt32(1), L(2), r.GetInt64(3), r.GetInt64(4), r.GetString(5), I(6), I(7),
                S(8) is string o ? Enum.Parse<MatchOutcome>(o) : null, S(9), r.GetInt64(10), L(11), I(12), S(13), S(14)));
        return rows;
    }
}
