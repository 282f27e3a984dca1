using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RlLab.Leaderboard.Races;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Web;

/// <summary>
/// The server-rendered pages. All text goes through <see cref="Html"/>, which encodes it; every page is
/// rendered once per database state (<see cref="PageCache"/>) and sent with an ETag.
/// </summary>
public static class Pages
{
    static readonly string ReplayJs = ReadResource("replay.js");
    static readonly string PongReplayJs = ReadResource("pong-replay.js");
    static readonly string ReplayPlayerJs = ReadResource("replay-player.js");

    const string Css = """
        body{font-family:system-ui,sans-serif;margin:1rem auto;max-width:960px;padding:0 .75rem;color:#222;line-height:1.4}
        nav a{margin-right:.8rem}h1{font-size:1.5rem;overflow-wrap:anywhere}h2{font-size:1.2rem;margin-top:1.6rem;overflow-wrap:anywhere}p,li{overflow-wrap:anywhere}
        .scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;margin:.6rem 0}
        th,td{padding:.3rem .5rem;border-bottom:1px solid #ddd;text-align:left;white-space:nowrap}
        th{background:#f3f3f3}.num{text-align:right;font-variant-numeric:tabular-nums}.failed{color:#b00}.scored{color:#070}
        .error{color:#a60}.disqualified,del{color:#777}.muted{color:#777}
        canvas{border:1px solid #ccc;background:#2d6b2d;display:block;margin:.5rem 0;max-width:100%;height:auto}
        figure.path{display:inline-block;margin:.3rem}figure.path svg{max-width:100%;height:auto}figcaption{font-size:.85rem;color:#555}
        svg.chart{max-width:100%;height:auto}.pager a{margin-right:.6rem}code{background:#f3f3f3;padding:0 .2rem}
        """;

    public static void Map(IEndpointRouteBuilder e)
    {
        e.MapGet("/static/replay.js", (HttpContext http) => Static(http, ReplayJs, "text/javascript")).ExcludeFromDescription();
        e.MapGet("/static/pong-replay.js", (HttpContext http) => Static(http, PongReplayJs, "text/javascript")).ExcludeFromDescription();
        e.MapGet("/static/replay-player.js", (HttpContext http) => Static(http, ReplayPlayerJs, "text/javascript")).ExcludeFromDescription();
        LeaguePages.Map(e);
        e.MapGet("/static/site.css", (HttpContext http) => Static(http, Css, "text/css")).ExcludeFromDescription();
        e.MapGet("/", (HttpContext http, LeaderboardOptions o, SubmissionStore s, PageCache cache, int? page, int? limit) =>
        {
            var (p, l) = Paging.Of(page, limit);
            return Page(http, cache, $"/?{p},{l}", () => Layout("RlLab leaderboard", Standings(o, s, s.CurrentSeason(), p, l, current: true)));
        }).ExcludeFromDescription();
        e.MapGet("/seasons", (HttpContext http, SubmissionStore s, PageCache cache) =>
            Page(http, cache, "/seasons", () => Layout("Seasons", SeasonList(s)))).ExcludeFromDescription();
        e.MapGet("/seasons/{season:int}", (int season, HttpContext http, LeaderboardOptions o, SubmissionStore s, PageCache cache, int? page, int? limit) =>
        {
            var (p, l) = Paging.Of(page, limit);
            return Page(http, cache, $"/seasons/{season}?{p},{l}", () => s.Seasons().Any(x => x.Id == season)
                ? Layout($"Season {season}", Standings(o, s, season, p, l, current: season == s.CurrentSeason())) : null);
        }).ExcludeFromDescription();
        e.MapGet("/users/{name}", (string name, HttpContext http, LeaderboardOptions o, SubmissionStore s, LeagueStore league, PageCache cache, int? page, int? limit) =>
        {
            name = Paging.RouteName(name);
            var (p, l) = Paging.Of(page, limit);
            return Page(http, cache, $"/users/{name}?{p},{l}", () => s.OfUser(name, (p - 1) * l, l) is { } list
                ? Layout($"User {name}", UserPage(o, s, league, name, list.Items, list.Total, p, l)) : null);
        }).ExcludeFromDescription();
        e.MapGet("/submissions/{id:long}", (long id, HttpContext http, LeaderboardOptions o, SubmissionStore s, PageCache cache) =>
            Page(http, cache, $"/submissions/{id}", () => s.Get(id) is { } sub
                ? Layout($"Submission {id}", SubmissionPage(sub, o.Races.FirstOrDefault(r => r.Name == sub.Race))) : null)).ExcludeFromDescription();
        e.MapGet("/api/docs", (HttpContext http, PageCache cache, IServiceProvider services) =>
            Page(http, cache, "/api/docs", () => Layout("API", ApiDocsPage.Render(services)))).ExcludeFromDescription();
    }

    static IResult Static(HttpContext http, string text, string type)
    {
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Text(text, type);
    }

    /// <summary>A cached page; <paramref name="render"/> returns null for "not found".</summary>
    internal static IResult Page(HttpContext http, PageCache cache, string key, Func<RawHtml?> render) =>
        PageCache.Send(http, cache.GetOrRender(key, () => render() is { } html
            ? PageCache.Answer(html.Value, "text/html; charset=utf-8")
            : PageCache.Answer(Layout("Not found", Html.Of($"<p>Nothing at {http.Request.Path}.</p>")).Value, "text/html; charset=utf-8", 404)));

    internal static RawHtml Layout(string title, RawHtml body) => Html.Of($"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{title}</title><link rel="stylesheet" href="/static/site.css"></head>
        <body><nav><a href="/">Standings</a><a href="/league">League</a><a href="/seasons">Seasons</a><a href="/api/docs">API</a></nav>
        <h1>{title}</h1>
        {body}
        </body></html>
        """);

    /// <summary>One line, UTC, sortable.</summary>
    internal static string Date(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    internal static RawHtml UserLink(string user) => Html.Of($"<a href=\"/users/{Uri.EscapeDataString(user)}\">{user}</a>");

    static RawHtml Standings(LeaderboardOptions o, SubmissionStore s, int season, int page, int limit, bool current)
    {
        var parts = new List<RawHtml>
        {
            Html.Of($"<p class=\"muted\">Season {season}{(current ? "" : " (past)")}. Hidden episodes are drawn from the server's secret; practice ones are public. Ties share a rank.</p>"),
        };
        foreach (Race race in o.Races)
        {
            RaceColumns cols = race.Rules().Columns;
            var all = s.Standings(race.Name, season);
            var rows = all.Skip((page - 1) * limit).Take(limit).ToList();
            var extra = cols.Standings.Select(c => Html.Of($"<th class=\"num\">{c.HeaderWithUnit}</th>"));
            RawHtml head = Html.Of($"<tr><th>#</th><th>User</th><th>Agent</th><th class=\"num\">{cols.Score.HeaderWithUnit}</th>{Html.Join(extra)}<th>Date (UTC)</th></tr>");
            var body = rows.Select(r =>
            {
                var cells = cols.Standings.Select(c => Html.Of($"<td class=\"num\">{c.Show(r.Summary.TryGetValue(c.Key, out double v) ? v : null)}</td>"));
                return Html.Of($"<tr><td>{r.Rank}</td><td>{UserLink(r.User)}</td><td><a href=\"/submissions/{r.SubmissionId}\">{r.Agent}</a></td><td class=\"num\">{cols.Score.Show(r.Primary)}</td>{Html.Join(cells)}<td>{Date(r.Created)}</td></tr>");
            });
            RawHtml empty = rows.Count == 0 ? Html.Of($"<p class=\"muted\">No scored submissions{(page > 1 ? " on this page" : " yet")}.</p>") : new RawHtml("");
            var dq = s.Disqualified(race.Name, season).Select(d =>
                Html.Of($"<li><del><a href=\"/submissions/{d.Id}\">{d.Agent}</a> by {d.User}</del>: {d.Reason}</li>"));
            RawHtml struck = dq.Any() ? Html.Of($"<p class=\"disqualified\">Disqualified:</p><ul class=\"disqualified\">{Html.Join(dq)}</ul>") : new RawHtml("");
            parts.Add(Html.Of($"""
                <h2 id="race-{race.Name}">{race.Title} <span class="muted">({race.Name}, {race.HiddenSeeds} hidden {race.Rules().EpisodeNoun.ToLowerInvariant()}s)</span></h2>
                {(rows.Count == 0 ? empty : Html.Of($"<div class=\"scroll\"><table>{head}{Html.Join(body)}</table></div>"))}{Pager(all.Count, page, limit)}{struck}
                """));
        }
        return Html.Join(parts);
    }

    static RawHtml Pager(int total, int page, int limit)
    {
        if (total <= limit) return new RawHtml("");
        int pages = (total + limit - 1) / limit;
        var links = Enumerable.Range(1, pages).Select(p => p == page ? Html.Of($"<strong>{p}</strong> ") : Html.Of($"<a href=\"?page={p}&amp;limit={limit}\">{p}</a> "));
        return Html.Of($"<p class=\"pager\">Page {Html.Join(links)}</p>");
    }

    static RawHtml SeasonList(SubmissionStore s)
    {
        int current = s.CurrentSeason();
        var rows = s.Seasons().Select(x => Html.Of($"<tr><td><a href=\"/seasons/{x.Id}\">Season {x.Id}</a>{(x.Id == current ? " (current)" : "")}</td><td>{(x.Started == 0 ? "–" : Date(x.Started))}</td></tr>"));
        return Html.Of($"<div class=\"scroll\"><table><tr><th>Season</th><th>Started (UTC)</th></tr>{Html.Join(rows)}</table></div>");
    }

    static RawHtml UserPage(LeaderboardOptions o, SubmissionStore s, LeagueStore league, string user, IReadOnlyList<UserSubmission> items, int total, int page, int limit)
    {
        int season = s.CurrentSeason();
        var best = o.Races.Select(race => (race, row: s.Standings(race.Name, season).FirstOrDefault(r => r.User == user)))
            .Where(x => x.row is not null)
            .Select(x => Html.Of($"<tr><td>{x.race.Title}</td><td>{x.row!.Rank}</td><td class=\"num\">{x.race.Rules().Columns.Score.Show(x.row.Primary)}</td><td><a href=\"/submissions/{x.row.SubmissionId}\">{x.row.Agent}</a></td></tr>")).ToList();
        RawHtml bestTable = best.Count == 0 ? Html.Of($"<p class=\"muted\">No scored submission this season.</p>")
            : Html.Of($"<div class=\"scroll\"><table><tr><th>Race</th><th>Rank</th><th class=\"num\">Best score</th><th>Agent</th></tr>{Html.Join(best)}</table></div>");
        var charts = o.Races.Select(race => (race, points: s.History(user, race.Name))).Where(x => x.points.Count > 0)
            .Select(x => Html.Of($"<h3>{x.race.Title}: {x.race.Rules().Columns.Score.HeaderWithUnit} over time</h3>{Svg.History(x.points, $"{user}'s scores in {x.race.Name}")}"));
        var rows = items.Select(i =>
        {
            Race? race = o.Races.FirstOrDefault(r => r.Name == i.Race);
            string score = race is null ? "–" : race.Rules().Columns.Score.Show(i.Score);
            return Html.Of($"<tr><td>{Date(i.Created)}</td><td><a href=\"/submissions/{i.Id}\">{i.Agent}</a></td><td>{i.Race}</td><td>{i.Season}</td><td class=\"{i.Status}\">{i.Status}</td><td class=\"num\">{score}</td></tr>");
        });
        return Html.Of($"""
            <h2>Best this season (season {season})</h2>{bestTable}
            <h2>Score history</h2>{Html.Join(charts)}{LeaguePages.UserRatings(o, league, season, user)}
            <h2>Submissions <span class="muted">({total})</span></h2>
            <div class="scroll"><table><tr><th>Date (UTC)</th><th>Agent</th><th>Race</th><th>Season</th><th>Status</th><th class="num">Score</th></tr>{Html.Join(rows)}</table></div>
            {Pager(total, page, limit)}
            """);
    }

    static RawHtml SubmissionPage(Submission s, Race? race)
    {
        var view = SubmissionView.Of(s, race);
        RaceColumns? cols = race?.Rules().Columns;
        var history = view.History.Select(h => Html.Of($"<tr><td>{h.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}</td><td>{h.Status}</td><td>{h.Note}</td></tr>"));
        RawHtml reason = (s.Status, s.Reason, s.DisqualifiedFor) switch
        {
            (Status.Disqualified, _, var why) => Html.Of($"<p class=\"disqualified\" id=\"reason\"><del>{s.Agent} by {s.User}</del>: disqualified: {why}</p>"),
            (Status.Error, string why, _) => Html.Of($"<p class=\"error\" id=\"reason\">Server error (not charged to the user): {why}</p>"),
            (_, string why, _) => Html.Of($"<p class=\"{(s.Status == Status.Failed ? "failed" : "muted")}\" id=\"reason\">{(s.Status == Status.Failed ? "Failed (the agent's fault, charged to the failed quota)" : "Note")}: {why}</p>"),
            _ => new RawHtml(""),
        };
        RawHtml score = cols is null || s.Primary is null ? new RawHtml("") : Html.Of($"""
            <p>{cols.Score.Header}: <strong id="score">{cols.Score.ShowWithUnit(s.Primary)}</strong>{Html.Join(cols.Standings.Select(c =>
                Html.Of($"; {c.Header} {c.ShowWithUnit(s.Summary.TryGetValue(c.Key, out double v) ? v : null)}")))}.</p>
            """);
        var episodeCols = cols?.Episodes ?? [];
        var episodes = view.Episodes.Select(e =>
        {
            var cells = episodeCols.Select(c => c.Series
                ? Html.Of($"<td class=\"num\">{string.Join(" / ", (e.Series?.GetValueOrDefault(c.Key) ?? []).Select(v => c.Show(v)))}</td>")
                : Html.Of($"<td class=\"num\">{c.Show(e.Metrics?.TryGetValue(c.Key, out double v) == true ? v : null)}</td>"));
            return Html.Of($"<tr><td>{e.Name}</td>{Html.Join(cells)}<td class=\"num\">{e.Return.ToString("F1", CultureInfo.InvariantCulture)}</td><td class=\"num\">{e.Steps}</td><td>{e.End}</td></tr>");
        });
        RawHtml episodeHead = Html.Of($"<tr><th>Episode</th>{Html.Join(episodeCols.Select(c => Html.Of($"<th class=\"num\">{c.HeaderWithUnit}</th>")))}<th class=\"num\">Return</th><th class=\"num\">Steps</th><th>End</th></tr>");
        var replays = ReplaysOf(s.ReplayJson);
        RawHtml replay = replays.Count == 0 ? Html.Of($"<p class=\"muted\">No replay (yet).</p>") : Html.Of($"""
            <h2>Practice replay</h2>
            <canvas id="replay" width="640" height="480" data-src="/api/submissions/{s.Id}/replay"></canvas>
            {ReplayControls("replay.js")}
            <h2>The path on each practice track</h2>
            <div id="paths">{Html.Join(replays.Select((r, i) => Svg.TrackPath(r, $"Practice {i + 1}")))}</div>
            """);
        return Html.Of($"""
            <p>User <strong id="user">{UserLink(s.User)}</strong>, agent <strong>{s.Agent}</strong>, race {s.Race}, season <a href="/seasons/{s.Season}">{s.Season}</a>,
            status <strong class="{s.Status}" id="status">{s.Status}</strong>.</p>
            <p class="muted">sha256 {s.Sha256}, {s.Size} bytes, uploaded {Date(s.Created)} UTC.</p>
            {reason}
            {score}
            <h2>Episodes</h2>
            <div class="scroll"><table>{episodeHead}{Html.Join(episodes)}</table></div>
            {replay}
            <h2>History</h2>
            <div class="scroll"><table><tr><th>When (UTC)</th><th>Status</th><th>Note</th></tr>{Html.Join(history)}</table></div>
            """);
    }

    /// <summary>The stored replays: a JSON array (one per practice seed), or one object from before several were kept.</summary>
    public static IReadOnlyList<Replay> ReplaysOf(string? json)
    {
        if (json is null) return [];
        var options = Evaluation.EvaluationChild.Json;
        return json.TrimStart().StartsWith('[')
            ? JsonSerializer.Deserialize<List<Replay>>(json, options) ?? []
            : JsonSerializer.Deserialize<Replay>(json, options) is { } one ? [one] : [];
    }

    /// <summary>The play, pause and scrub controls every replay shares (replay-player.js), then the page's drawing script.</summary>
    internal static RawHtml ReplayControls(string drawingScript) => Html.Of($"""
        <p><button id="play" type="button">Play</button> <button id="pause" type="button">Pause</button>
        <input id="scrub" type="range" min="0" max="0" value="0"> <span id="frame"></span></p>
        <script src="/static/replay-player.js"></script>
        <script src="/static/{drawingScript}"></script>
        """);

    static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name) ?? throw new InvalidOperationException($"missing resource {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
