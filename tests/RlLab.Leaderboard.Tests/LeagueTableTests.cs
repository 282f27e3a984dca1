using RlLab.Leaderboard.League;

namespace RlLab.Leaderboard.Tests;

/// <summary>The league's table is a pure function of its match log; matchmaking follows the ratings.</summary>
public sealed class LeagueTableTests
{
    static LeagueMatch M(long id, string a, string b, int pa, int pb, MatchOutcome o = MatchOutcome.Played) => new(id, a, b, pa, pb, o);

    static readonly LeagueMatch[] Log =
    [
        M(1, "ann", "bob", 21, 15),
        M(2, "bob", "cat", 21, 19),
        M(3, "cat", "ann", 10, 21),
        M(4, "bob", "ann", 21, 21),
        M(5, "cat", "bob", 30, 2, MatchOutcome.FirstForfeits),
    ];

    [Fact]
    public void Replaying_the_log_gives_the_same_table_in_any_stored_order()
    {
        var a = LeagueTable.Recompute(Log, ["ann", "bob", "cat", "dan"]);
        var b = LeagueTable.Recompute(Log.Reverse(), ["dan", "cat", "bob", "ann"]);
        Assert.Equal(a.Select(s => (s.Agent, s.Rating, s.Matches)), b.Select(s => (s.Agent, s.Rating, s.Matches)));
        LeagueStanding ann = a.Single(s => s.Agent == "ann");
        Assert.Equal((3, 2, 0, 1), (ann.Matches, ann.Wins, ann.Losses, ann.Draws));
        // A forfeit is a loss whatever the points: cat's 30 : 2 against bob counts for bob.
        LeagueStanding cat = a.Single(s => s.Agent == "cat");
        Assert.Equal((3, 0, 3), (cat.Matches, cat.Wins, cat.Losses));
        Assert.Equal("ann", a[0].Agent);
        Assert.Equal(a.Select(s => s.Ordinal).OrderByDescending(o => o), a.Select(s => s.Ordinal));
        // An entrant without matches stands at the default, μ − 3σ = 0.
        LeagueStanding dan = a.Single(s => s.Agent == "dan");
        Assert.Equal((Rating.Default, 0), (dan.Rating, dan.Matches));
        Assert.Equal([1L, 3, 4], ann.History.Select(h => h.MatchId));
        Assert.Equal(ann.Ordinal, ann.History[^1].Ordinal);
    }

    [Fact]
    public void The_first_match_moves_the_ratings_as_OpenSkill_rates_one_game()
    {
        var table = LeagueTable.Recompute([M(1, "ann", "bob", 21, 3)], []);
        var (winner, loser) = OpenSkill.Rate(Rating.Default, Rating.Default, 1, 2);
        Assert.Equal(winner, table.Single(s => s.Agent == "ann").Rating);
        Assert.Equal(loser, table.Single(s => s.Agent == "bob").Rating);
    }

    [Fact]
    public void Each_game_of_a_played_match_is_one_update_and_a_forfeit_one_loss()
    {
        // ann wins 3 games of 4: three wins and a loss in play order, the record one match won.
        var played = M(1, "ann", "bob", 80, 70) with { GameOutcomes = [1, 1, -1, 1] };
        var table = LeagueTable.Recompute([played], []);
        Rating a = Rating.Default, b = Rating.Default;
        foreach (int g in new[] { 1, 1, -1, 1 }) (a, b) = OpenSkill.Rate(a, b, g < 0 ? 2 : 1, g > 0 ? 2 : 1);
        LeagueStanding ann = table.Single(s => s.Agent == "ann");
        Assert.Equal(a, ann.Rating);
        Assert.Equal(b, table.Single(s => s.Agent == "bob").Rating);
        Assert.Equal((1, 1, 0), (ann.Matches, ann.Wins, ann.Losses));
        // Four pieces of evidence shrink σ more than the match's result alone.
        Assert.True(ann.Rating.Sigma < LeagueTable.Recompute([M(1, "ann", "bob", 80, 70)], []).Single(s => s.Agent == "ann").Rating.Sigma);
        // A forfeit is one loss, whatever its games said.
        var forfeit = M(1, "ann", "bob", 80, 70, MatchOutcome.FirstForfeits) with { GameOutcomes = [1, 1, 1, 1] };
        var (loser, _) = OpenSkill.Rate(Rating.Default, Rating.Default, 2, 1);
        Assert.Equal(loser, LeagueTable.Recompute([forfeit], []).Single(s => s.Agent == "ann").Rating);
    }

    [Fact]
    public void Per_game_updates_settle_an_even_pair_below_the_threshold_in_tens_of_matches()
    {
        // Two equal agents, 10-game matches split 5 : 5 (alternating wins): the matchmaker stops within 60 matches.
        var log = new List<LeagueMatch>();
        var matchmaker = new Matchmaker();
        for (long id = 1; id <= 60; id++)
        {
            var standings = LeagueTable.Recompute(log, ["ann", "bob"]);
            if (matchmaker.Next(standings) is null) break;
            log.Add(M(id, "ann", "bob", 100, 100) with { GameOutcomes = [1, -1, 1, -1, 1, -1, 1, -1, 1, -1] });
        }
        var final = LeagueTable.Recompute(log, ["ann", "bob"]);
        Assert.Null(matchmaker.Next(final));
        Assert.All(final, s => Assert.True(s.Rating.Sigma < matchmaker.SettledSigma, $"{s.Agent}: σ {s.Rating.Sigma}"));
        Assert.InRange(log.Count, 10, 59);
    }

    [Fact]
    public void A_disqualified_agent_is_replayed_out_of_the_table()
    {
        var without = LeagueTable.Recompute(Log.Where(m => m.First != "cat" && m.Second != "cat"), ["ann", "bob"]);
        var excluded = LeagueTable.Recompute(Log, ["ann", "bob", "cat"], new HashSet<string> { "cat" });
        Assert.Equal(without.Select(s => (s.Agent, s.Rating)), excluded.Select(s => (s.Agent, s.Rating)));
        Assert.DoesNotContain(excluded, s => s.Agent == "cat");
        Assert.NotEqual(LeagueTable.Recompute(Log, ["ann", "bob", "cat"]).Single(s => s.Agent == "bob").Rating, excluded.Single(s => s.Agent == "bob").Rating);
    }

    static LeagueStanding S(string agent, double mu, double sigma, int matches) => new(agent, new Rating(mu, sigma), matches, 0, 0, 0, []);

    [Fact]
    public void A_new_entrant_plays_first_against_the_most_even_opponent()
    {
        var table = new[] { S("old1", 30, 1.0, 40), S("old2", 22, 1.1, 40), S("new", 25, 8.3, 3), S("old3", 26, 2.0, 40) };
        var pick = new Matchmaker().Next(table);
        Assert.Equal("new", pick?.First);
        // The quality of new (25, 8.3) against each: the closest μ with the largest σ wins.
        string expected = table.Where(s => s.Agent != "new").OrderByDescending(s => OpenSkill.Quality(table[2].Rating, s.Rating)).First().Agent;
        Assert.Equal(expected, pick?.Second);
    }

    [Fact]
    public void Settled_pairs_are_not_scheduled_and_a_settled_league_has_no_next_match()
    {
        var mm = new Matchmaker(minMatches: 10, settledSigma: 1.4);
        var settled = new[] { S("a", 30, 1.2, 12), S("b", 25, 1.3, 15), S("c", 20, 1.0, 10) };
        Assert.Null(mm.Next(settled));
        // Only b is open; of a and c (μ 5 away each), c's smaller σ makes the more even match.
        var oneOpen = new[] { S("a", 30, 1.2, 12), S("b", 25, 1.5, 15), S("c", 20, 1.0, 10) };
        Assert.True(OpenSkill.Quality(oneOpen[1].Rating, oneOpen[2].Rating) > OpenSkill.Quality(oneOpen[1].Rating, oneOpen[0].Rating));
        Assert.Equal(("b", "c"), mm.Next(oneOpen) is var (x, y) ? (x, y) : default);
        var short9 = new[] { S("a", 30, 1.2, 12), S("b", 25, 1.3, 9) };
        Assert.Equal(("b", "a"), mm.Next(short9) is var (p, q) ? (p, q) : default);
        Assert.Null(mm.Next([S("alone", 25, 8, 0)]));
    }

    [Fact]
    public void Matchmaking_from_a_replayed_log_settles_every_new_entrant_after_its_minimum()
    {
        // A deterministic toy league: the stronger agent (by name order here) always wins by 21 : 10.
        string[] agents = ["a", "b", "c", "d"];
        var log = new List<LeagueMatch>();
        var mm = new Matchmaker(minMatches: 10, settledSigma: 1.4);
        for (int i = 0; i < 400; i++)
        {
            var next = mm.Next(LeagueTable.Recompute(log, agents));
            if (next is null) break;
            var (f, s) = next.Value;
            bool firstStronger = string.CompareOrdinal(f, s) < 0;
            log.Add(M(i + 1, f, s, firstStronger ? 21 : 10, firstStronger ? 10 : 21));
        }
        var table = LeagueTable.Recompute(log, agents);
        Assert.All(table, s => Assert.True(s.Matches >= 10, $"{s.Agent} played {s.Matches}"));
        Assert.Equal(agents, table.Select(s => s.Agent));
        // Every result foregone: the league stops once the ratings have spread, σ still above the threshold.
        Assert.Null(mm.Next(table));
        Assert.True(log.Count < 400, $"{log.Count} matches");
        Assert.Contains(table, s => s.Rating.Sigma >= mm.SettledSigma);
    }

    [Fact]
    public void A_foregone_pair_is_not_scheduled_once_both_have_their_minimum()
    {
        var mm = new Matchmaker(minMatches: 10, settledSigma: 1.4, minQuality: 0.05);
        var apart = new[] { S("strong", 45, 5, 20), S("weak", 5, 5, 20) };
        Assert.True(OpenSkill.Quality(apart[0].Rating, apart[1].Rating) < 0.05);
        Assert.Null(mm.Next(apart));
        // The same pair is played while one of them is short of its minimum, and an even pair while σ is high.
        Assert.NotNull(mm.Next([S("strong", 45, 5, 20), S("weak", 5, 5, 9)]));
        Assert.NotNull(mm.Next([S("a", 26, 5, 20), S("b", 24, 5, 20)]));
    }
}
