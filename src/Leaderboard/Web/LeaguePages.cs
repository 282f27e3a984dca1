using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RlLab.Agents.Matches;
using RlLab.Leaderboard.League;
using RlLab.Leaderboard.Races;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Web;

/// <summary>
/// The league's pages: the table (ratings recomputed from the match log on each render, cached per
/// database state like every page), the recent matches, each match with its games and a replay of its
/// first game, and each entrant's rating history.
/// </summary>
public static class LeaguePages
{
    public static void Map(IEndpointRouteBuilder e)
    {
        e.MapGet("/league", (LeaderboardOptions o) => o.Leagues.Count > 0 ? Results.Redirect($"/league/{o.Leagues[0].Name}") : Results.NotFound())
            .ExcludeFromDescription();
        e.MapGet("/league/{race}", (string race, HttpContext http, LeaderboardOptions o, SubmissionStore s, LeagueStore l, PageCache cache) =>
            Pages.Page(http, cache, $"/league/{race}", () => Of(o, race) is { } league
                ? Pages.Layout(league.Title, Table(league, l, s.CurrentSeason())) : null)).ExcludeFromDescription();
        e.MapGet("/league/{race}/matches/{id:long}", (string race, long id, HttpContext http, LeaderboardOptions o, LeagueStore l, PageCache cache) =>
            Pages.Page(http, cache, $"/league/{race}/matches/{id}", () => Of(o, race) is { } league && l.Match(race, id) is { } m
                ? Pages.Layout($"{league.Title}: match {id}", MatchPage(league, l, m)) : null)).ExcludeFromDescription();
        e.MapGet("/league/{race}/agents/{id:long}", (string race, long id, HttpContext http, LeaderboardOptions o, SubmissionStore s, LeagueStore l, PageCache cache) =>
            Pages.Page(http, cache, $"/league/{race}/agents/{id}", () => Of(o, race) is { } league
                && l.Entrants(race, s.CurrentSeason()).TryGetValue(Key(id), out LeagueEntrant? entrant)
                ? Pages.Layout($"{league.Title}: {entrant.Agent} by {entrant.User}", AgentPage(league, l, s.CurrentSeason(), entrant)) : null)).ExcludeFromDescription();
    }

    static Race? Of(LeaderboardOptions o, string race) => o.Leagues.FirstOrDefault(r => r.Name == race);

    static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);

    static string F(double v) => v.ToString("F2", CultureInfo.InvariantCulture);

    static RawHtml AgentLink(Race league, IReadOnlyDictionary<string, LeagueEntrant> entrants, string key) =>
        entrants.TryGetValue(key, out LeagueEntrant? e)
            ? (e.Disqualified ? Html.Of($"<del>{e.Agent}</del> <span class=\"muted\">({e.User})</span>")
                : Html.Of($"<a href=\"/league/{league.Name}/agents/{e.Id}\">{e.Agent}</a> <span class=\"muted\">({e.User})</span>"))
            : Html.Of($"#{key}");

    static RawHtml Table(Race league, LeagueStore store, int season)
    {
        var entrants = store.Entrants(league.Name, season);
        var table = store.Table(league.Name, season);
        var log = store.Log(league.Name, season);
        var forfeits = log.Where(m => m.Outcome != MatchOutcome.Played)
            .GroupBy(m => m.Outcome == MatchOutcome.FirstForfeits ? m.First : m.Second).ToDictionary(g => g.Key, g => g.Count());
        var rows = table.Select((t, i) =>
        {
            var e = entrants[t.Agent];
            RawHtml marked = forfeits.TryGetValue(t.Agent, out int n) ? Html.Of($" <span class=\"failed\" title=\"lost by forfeit\">({n} forfeit{(n == 1 ? "" : "s")})</span>") : new RawHtml("");
            return Html.Of($"""
                <tr><td>{i + 1}</td><td>{Pages.UserLink(e.User)}</td><td><a href="/league/{league.Name}/agents/{e.Id}">{e.Agent}</a>{marked}</td>
                <td class="num"><strong>{F(t.Ordinal)}</strong></td><td class="num">{F(t.Rating.Mu)}</td><td class="num">{F(t.Rating.Sigma)}</td>
                <td class="num">{t.Matches}</td><td class="num">{t.Wins}</td><td class="num">{t.Losses}</td><td class="num">{t.Draws}</td></tr>
                """);
        }).ToList();
        RawHtml tableHtml = rows.Count == 0 ? Html.Of($"<p class=\"muted\">No entrants yet.</p>") : Html.Of($"""
            <div class="scroll"><table id="league-table"><tr><th>#</th><th>User</th><th>Agent</th><th class="num">μ − 3σ</th><th class="num">μ</th><th class="num">σ</th>
            <th class="num">Matches</th><th class="num">Wins</th><th class="num">Losses</th><th class="num">Draws</th></tr>{Html.Join(rows)}</table></div>
            """);
        var dq = entrants.Values.Where(x => x.Disqualified).Select(x => Html.Of($"<li><del>{x.Agent} by {x.User}</del></li>"));
        RawHtml struck = dq.Any() ? Html.Of($"<p class=\"disqualified\">Disqualified (their matches are replayed out of the ratings):</p><ul class=\"disqualified\">{Html.Join(dq)}</ul>") : new RawHtml("");
        return Html.Of($"""
            <p class="muted">Season {season}. Every match is {league.HiddenSeeds} games of Pong on seeds drawn from the server's secret (pairs on one seed, sides swapped),
            scored by points; an agent that fails loses the match by forfeit. Ratings: OpenSkill (Weng–Lin, Plackett–Luce), recomputed from the match log;
            ranked by the conservative estimate μ − 3σ.</p>
            {tableHtml}{struck}
            <h2>Recent matches</h2>
            {MatchList(league, store.Matches(league.Name, season), entrants)}
            """);
    }

    static RawHtml MatchList(Race league, IReadOnlyList<LeagueMatchRow> matches, IReadOnlyDictionary<string, LeagueEntrant> entrants)
    {
        if (matches.Count == 0) return Html.Of($"<p class=\"muted\">No matches yet.</p>");
        var rows = matches.Select(m => Html.Of($"""
            <tr><td><a href="/league/{league.Name}/matches/{m.Id}">Match {m.Id}</a></td><td>{AgentLink(league, entrants, Key(m.FirstId))}</td>
            <td class="num">{Score(m)}</td><td>{AgentLink(league, entrants, Key(m.SecondId))}</td><td>{Outcome(m)}</td><td>{(m.Finished is long f ? Pages.Date(f) : "")}</td></tr>
            """));
        return Html.Of($"<div class=\"scroll\"><table id=\"matches\"><tr><th>Match</th><th>First</th><th class=\"num\">Score</th><th>Second</th><th>Result</th><th>Played (UTC)</th></tr>{Html.Join(rows)}</table></div>");
    }

    static string Score(LeagueMatchRow m) => m.FirstPoints is int a && m.SecondPoints is int b ? $"{a} – {b}" : "–";

    static string Outcome(LeagueMatchRow m) => m.State switch
    {
        "done" => m.Outcome switch
        {
            MatchOutcome.FirstForfeits => "first forfeits",
            MatchOutcome.SecondForfeits => "second forfeits",
            _ => m.FirstPoints > m.SecondPoints ? "first wins" : m.FirstPoints < m.SecondPoints ? "second wins" : "draw",
        },
        string state => state,
    };

    static RawHtml MatchPage(Race league, LeagueStore store, LeagueMatchRow m)
    {
        var entrants = store.Entrants(league.Name, m.Season);
        var games = m.GamesJson is string g ? JsonSerializer.Deserialize<List<PongGameResult>>(g, Evaluation.EvaluationChild.Json) ?? [] : [];
        var rows = games.Select((x, i) => Html.Of($"""
            <tr><td>Game {i + 1}</td><td class="num">{x.Seed}</td><td>{(x.FirstOnRight ? "first" : "second")}</td>
            <td class="num">{x.FirstPoints} – {x.SecondPoints}</td><td class="num">{x.Steps}</td></tr>
            """));
        RawHtml gamesHtml = games.Count == 0 ? Html.Of($"<p class=\"muted\">No games played{(m.State == "done" ? "" : " yet")}.</p>") : Html.Of($"""
            <div class="scroll"><table id="games"><tr><th>Game</th><th class="num">Seed</th><th>Right paddle</th><th class="num">Points (first – second)</th><th class="num">Steps</th></tr>{Html.Join(rows)}</table></div>
            """);
        RawHtml reason = m.Reason is string why ? Html.Of($"<p class=\"{(m.Outcome is MatchOutcome.Played or null ? "muted" : "failed")}\" id=\"reason\">{why}</p>") : new RawHtml("");
        RawHtml replay = m.ReplayJson is null ? Html.Of($"<p class=\"muted\">No replay (yet).</p>") : Html.Of($"""
            <h2>Replay of game 1 <span class="muted">(the first agent on the right, green)</span></h2>
            <canvas id="pong" width="320" height="420" data-src="/api/league/{league.Name}/matches/{m.Id}/replay"></canvas>
            {Pages.ReplayControls("pong-replay.js")}
            """);
        return Html.Of($"""
            <p>{AgentLink(league, entrants, Key(m.FirstId))} against {AgentLink(league, entrants, Key(m.SecondId))}:
            <strong id="score">{Score(m)}</strong>, <span id="outcome">{Outcome(m)}</span>.</p>
            {reason}
            <p class="muted" id="seeds">{(m.Seed is not null && games.Count > 0 ? $"Seeds {string.Join(", ", games.Select(x => x.Seed).Distinct())} (public once played)." : "Seeds are shown once the match is played.")}</p>
            <h2>Games</h2>{gamesHtml}
            {replay}
            <p><a href="/league/{league.Name}">Back to the league</a></p>
            """);
    }

    /// <summary>The user page's league section: each of the user's entrants, its rating and its μ − 3σ after each match.</summary>
    public static RawHtml UserRatings(LeaderboardOptions o, LeagueStore store, int season, string user)
    {
        var parts = new List<RawHtml>();
        foreach (Race league in o.Leagues)
        {
            var table = store.Table(league.Name, season);
            foreach (LeagueEntrant e in store.Entrants(league.Name, season).Values.Where(e => e.User == user && !e.Disqualified))
            {
                var standing = table.FirstOrDefault(t => t.Agent == Key(e.Id));
                if (standing is null || standing.History.Count == 0) continue;
                parts.Add(Html.Of($"""
                    <h3>{league.Title}: <a href="/league/{league.Name}/agents/{e.Id}">{e.Agent}</a>, μ − 3σ {F(standing.Ordinal)} after {standing.Matches} matches</h3>
                    {Svg.History([.. standing.History.Select(h => (h.MatchId, h.Ordinal))], $"{user}'s rating in {league.Name}")}
                    """));
            }
        }
        return parts.Count == 0 ? new RawHtml("") : Html.Of($"<h2>League ratings</h2>{Html.Join(parts)}");
    }

    static RawHtml AgentPage(Race league, LeagueStore store, int season, LeagueEntrant entrant)
    {
        string key = Key(entrant.Id);
        var standing = store.Table(league.Name, season).FirstOrDefault(t => t.Agent == key);
        var entrants = store.Entrants(league.Name, season);
        var points = (standing?.History ?? []).Select(h => (h.MatchId, h.Ordinal)).ToList();
        RawHtml chart = points.Count == 0 ? Html.Of($"<p class=\"muted\">No matches yet.</p>")
            : Html.Of($"<h2>Rating history <span class=\"muted\">(μ − 3σ after each match)</span></h2>{Svg.History(points, $"{entrant.User}'s rating in {league.Name}")}");
        var mine = store.Matches(league.Name, season, 1000).Where(m => m.FirstId == entrant.Id || m.SecondId == entrant.Id).ToList();
        RawHtml rating = standing is null ? new RawHtml("") : Html.Of($"""
            <p>μ − 3σ <strong id="ordinal">{F(standing.Ordinal)}</strong> (μ {F(standing.Rating.Mu)}, σ {F(standing.Rating.Sigma)}),
            {standing.Matches} matches: {standing.Wins} won, {standing.Losses} lost, {standing.Draws} drawn.</p>
            """);
        return Html.Of($"""
            <p>User {Pages.UserLink(entrant.User)}, <a href="/submissions/{entrant.Id}">submission {entrant.Id}</a>{(entrant.Disqualified ? " (disqualified)" : "")}.</p>
            {rating}{chart}
            <h2>Matches</h2>{MatchList(league, mine, entrants)}
            """);
    }
}
