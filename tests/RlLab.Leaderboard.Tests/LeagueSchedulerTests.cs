using RlLab.Leaderboard.League;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Tests;

/// <summary>The league's scheduler and match log in SQLite, without a child: claims, retries, settling and disqualification.</summary>
public sealed class LeagueSchedulerTests
{
    const string Race = "pong-league";

    /// <summary>Three entrants (submissions that entered the league), by id.</summary>
    static (Database Db, LeagueStore League, SubmissionStore Submissions, long[] Ids) Setup(string dir)
    {
        var db = new Database(dir);
        var users = new UserStore(db);
        var submissions = new SubmissionStore(db, new QuotaLimits());
        var queue = new JobQueue(db);
        var ids = new List<long>();
        foreach (string name in new[] { "ann", "bob", "cyd" })
        {
            long user = users.FindByToken(users.Add(name))!.Id;
            var (_, id, _) = submissions.Create(user, Race, new string((char)('a' + ids.Count), 64), name, 10, null);
            Job job = queue.Claim()!;
            Assert.True(queue.Finish(job, Status.Scored, "entered the league"));
            ids.Add(id);
        }
        return (db, new LeagueStore(db), submissions, [.. ids]);
    }

    static string K(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void The_scheduler_pairs_free_entrants_requeues_server_failures_first_and_stops_when_the_league_is_settled()
    {
        using var dir = new TempDir();
        var (db, league, _, ids) = Setup(dir.Path);
        var matchmaker = new Matchmaker(minMatches: 2, settledSigma: 6.5);

        LeagueJob first = league.Claim(Race, matchmaker)!;
        // Two of three entrants are playing: nobody is left to pair.
        Assert.Null(league.Claim(Race, matchmaker));
        Assert.True(league.Finish(first, 42, 4, 1, MatchOutcome.Played, null, "[]", null));
        Assert.Equal(1, Assert.Single(league.Log(Race, 1)).Id);

        // The entrant without a match plays next.
        LeagueJob second = league.Claim(Race, matchmaker)!;
        long fresh = ids.Single(i => i != first.FirstId && i != first.SecondId);
        Assert.Contains(fresh, new[] { second.FirstId, second.SecondId });
        // A server failure re-queues the match; the next claim takes it again, and the old attempt can no longer write.
        Assert.True(league.Retry(second, "killed from outside"));
        LeagueJob again = league.Claim(Race, matchmaker)!;
        Assert.Equal((second.Id, 2), (again.Id, again.Attempt));
        Assert.False(league.Finish(second, 1, 9, 0, MatchOutcome.Played, null, "[]", null));

        // Play on: the lower submission id wins every match. The scheduler stops once every pair is settled.
        LeagueJob? job = again;
        int played = 1;
        while (job is not null)
        {
            bool firstWins = job.FirstId < job.SecondId;
            Assert.True(league.Finish(job, 7, firstWins ? 4 : 1, firstWins ? 1 : 4, MatchOutcome.Played, null, "[]", null));
            played++;
            Assert.True(played < 200, "the league never settled");
            job = league.Claim(Race, matchmaker);
        }
        var table = league.Table(Race, 1);
        Assert.All(table, t => Assert.True(t.Matches >= 2));
        // A settled league's idle workers ask again and again: that writes nothing, so the cached pages stay valid.
        using (var stamp = new ChangeStamp(db))
        {
            long before = stamp.Current();
            Assert.Null(league.Claim(Race, matchmaker));
            Assert.Equal(before, stamp.Current());
        }
        Assert.Null(matchmaker.Next(table));
        // The strongest (lowest id) leads, the table is the log recomputed, and the log is numbered in order.
        Assert.Equal([K(ids[0]), K(ids[1]), K(ids[2])], table.Select(t => t.Agent));
        var log = league.Log(Race, 1);
        Assert.Equal(Enumerable.Range(1, played).Select(i => (long)i), log.Select(m => m.Id));
        Assert.Equivalent(LeagueTable.Recompute(log, ids.Select(K)), table, strict: true);
    }

    [Fact]
    public void A_disqualification_replays_the_table_without_the_agent_and_its_queued_match_is_dropped()
    {
        using var dir = new TempDir();
        var (db, league, submissions, ids) = Setup(dir.Path);
        var matchmaker = new Matchmaker(minMatches: 3, settledSigma: 1.4);
        for (int i = 0; i < 4; i++)
        {
            LeagueJob job = league.Claim(Race, matchmaker)!;
            league.Finish(job, i, job.FirstId == ids[2] ? 3 : 0, job.SecondId == ids[2] ? 3 : 0, MatchOutcome.Played, null, "[]", null);
        }
        LeagueJob pending = league.Claim(Race, matchmaker)!;
        Assert.True(league.Retry(pending, "server restart"));
        long cheat = ids[2];
        var before = league.Table(Race, 1);
        Assert.Equal(K(cheat), before[0].Agent);

        submissions.Disqualify(cheat, "shared weights with another entrant");
        var after = league.Table(Race, 1);
        Assert.DoesNotContain(after, t => t.Agent == K(cheat));
        var log = league.Log(Race, 1);
        Assert.Equivalent(LeagueTable.Recompute(log, ids.Select(K), new HashSet<string> { K(cheat) }), after, strict: true);
        // The same as a log that never held its matches.
        var without = log.Where(m => m.First != K(cheat) && m.Second != K(cheat)).ToList();
        Assert.Equivalent(LeagueTable.Recompute(without, [K(ids[0]), K(ids[1])]), after, strict: true);

        // Its re-queued match is dropped, and no new match includes it.
        LeagueJob? next = league.Claim(Race, matchmaker);
        if (pending.FirstId == cheat || pending.SecondId == cheat) Assert.NotEqual(pending.Id, next?.Id);
        using var c = db.Open();
        Assert.Equal(0, Database.Scalar<long>(c, "SELECT COUNT(*) FROM league_matches WHERE state IN ('queued','running') AND $x IN (first_id, second_id)", ("$x", cheat)));
    }
}
