using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RlLab.Leaderboard.Races;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Web;

/// <summary>The server-rendered pages. All text goes through <see cref="Html"/>, which encodes it.</summary>
public static class Pages
{
    static readonly string ReplayJs = ReadResource("replay.js");

    const string Css = """
        body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:960px;color:#222}
        table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left}
        th{background:#f3f3f3}.num{text-align:right;font-variant-numeric:tabular-nums}.failed{color:#b00}.scored{color:#070}
        canvas{border:1px solid #ccc;background:#2d6b2d;display:block;margin:.5rem 0}.muted{color:#777}.error{color:#a60}
        .disqualified,del{color:#777}
        """;

    public static void Map(IEndpointRouteBuilder e)
    {
        e.MapGet("/static/replay.js", () => Results.Text(ReplayJs, "text/javascript")).ExcludeFromDescription();
        e.MapGet("/static/site.css", () => Results.Text(Css, "text/css")).ExcludeFromDescription();
        e.MapGet("/", (LeaderboardOptions o, SubmissionStore s, PageCache cache) =>
            HtmlResult(cache.GetOrRender("/", () => Layout("RlLab leaderboard", Standings(o, s)).Value))).ExcludeFromDescription();
        e.MapGet("/submissions/{id:long}", (long id, LeaderboardOptions o, SubmissionStore s, PageCache cache) =>
        {
            string? html = cache.GetOrRender($"/submissions/{id}", () =>
                s.Get(id) is { } sub ? Layout($"Submission {id}", SubmissionPage(sub, o.Races.FirstOrDefault(r => r.Name == sub.Race))).Value : "");
            return html.Length > 0 ? HtmlResult(html) : HtmlResult(Layout("Not found", Html.Of($"<p>No submission {id}.</p>")).Value, 404);
        }).ExcludeFromDescription();
    }

    static IResult HtmlResult(string html, int status = 200) => Results.Content(html, "text/html; charset=utf-8", null, status);

    static RawHtml Layout(string title, RawHtml body) => Html.Of($"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{title}</title>
        <link rel="stylesheet" href="/static/site.css"></head>
        <body><p><a href="/">Standings</a> · <a href="/api/openapi/v1.json">API</a></p>
        <h1>{title}</h1>
        {body}
        </body></html>
        """);

    static string Date(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    static string F(double? v, string format = "F3") => v is double d && double.IsFinite(d) ? d.ToString(format, CultureInfo.InvariantCulture) : "–";

    static RawHtml Standings(LeaderboardOptions o, SubmissionStore s)
    {
        int season = s.CurrentSeason();
        var parts = new List<RawHtml> { Html.Of($"<p class=\"muted\">Season {season}. Hidden tracks are drawn from the server's secret; practice tracks are public.</p>") };
        foreach (Race race in o.Races)
        {
            var rows = s.Standings(race.Name, season);
            bool trial = race.Kind == RaceKind.TimeTrial;
            RawHtml head = trial
                ? Html.Of($"<tr><th>#</th><th>User</th><th>Agent</th><th class=\"num\">Completed</th><th class=\"num\">Laps</th><th class=\"num\">Lap time (s)</th><th class=\"num\">MIT distance (m)</th><th>Date</th></tr>")
                : Html.Of($"<tr><th>#</th><th>User</th><th>Agent</th><th class=\"num\">Mean return</th><th>Date</th></tr>");
            var body = rows.Select(r => trial
                ? Html.Of($"<tr><td>{r.Rank}</td><td>{r.User}</td><td><a href=\"/submissions/{r.SubmissionId}\">{r.Agent}</a></td><td class=\"num\">{F(r.Primary * 100, "F1")} %</td><td class=\"num\">{F(r.MeanLaps, "F2")}</td><td class=\"num\">{F(r.Secondary, "F2")}</td><td class=\"num\">{F(r.MaxDistance, "F1")}</td><td>{Date(r.Created)}</td></tr>")
                : Html.Of($"<tr><td>{r.Rank}</td><td>{r.User}</td><td><a href=\"/submissions/{r.SubmissionId}\">{r.Agent}</a></td><td class=\"num\">{F(r.Primary, "F1")}</td><td>{Date(r.Created)}</td></tr>"));
            RawHtml empty = rows.Count == 0 ? Html.Of($"<p class=\"muted\">No scored submissions yet.</p>") : new RawHtml("");
            var dq = s.Disqualified(race.Name, season).Select(d =>
                Html.Of($"<li><del><a href=\"/submissions/{d.Id}\">{d.Agent}</a> by {d.User}</del>: {d.Reason}</li>"));
            RawHtml struck = dq.Any() ? Html.Of($"<p class=\"disqualified\">Disqualified:</p><ul class=\"disqualified\">{Html.Join(dq)}</ul>") : new RawHtml("");
            parts.Add(Html.Of($"<h2 id=\"race-{race.Name}\">{race.Title} <span class=\"muted\">({race.Name}, {race.HiddenSeeds} hidden tracks)</span></h2>{empty}<table>{head}{Html.Join(body)}</table>{struck}"));
        }
        return Html.Join(parts);
    }

    static RawHtml SubmissionPage(Submission s, Race? race)
    {
        var view = SubmissionView.Of(s, race);
        var history = view.History.Select(h => Html.Of($"<tr><td>{h.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}</td><td>{h.Status}</td><td>{h.Note}</td></tr>"));
        var tracks = view.Tracks.Select(t => Html.Of($"<tr><td>{t.Track}</td><td class=\"num\">{F(t.CompletedFraction * 100, "F1")} %</td><td class=\"num\">{F(t.Distance, "F1")}</td><td class=\"num\">{t.Laps}</td><td class=\"num\">{string.Join(" / ", t.LapTimes.Select(l => F(l, "F2")))}</td><td class=\"num\">{F(t.Return, "F1")}</td><td>{t.End}</td></tr>"));
        RawHtml reason = (s.Status, s.Reason, s.DisqualifiedFor) switch
        {
            (Status.Disqualified, _, var why) => Html.Of($"<p class=\"disqualified\" id=\"reason\"><del>{s.Agent} by {s.User}</del>: disqualified: {why}</p>"),
            (Status.Error, string why, _) => Html.Of($"<p class=\"error\" id=\"reason\">Server error (not charged to the user): {why}</p>"),
            (_, string why, _) => Html.Of($"<p class=\"failed\" id=\"reason\">Failed (the agent's fault, charged to the failed quota): {why}</p>"),
            _ => new RawHtml(""),
        };
        RawHtml replay = s.ReplayJson is null ? Html.Of($"<p class=\"muted\">No replay (yet).</p>") : Html.Of($"""
            <h2>Practice replay</h2>
            <canvas id="replay" width="640" height="480" data-src="/api/submissions/{s.Id}/replay"></canvas>
            <p><button id="play" type="button">Play</button> <button id="pause" type="button">Pause</button>
            <input id="scrub" type="range" min="0" max="0" value="0"> <span id="frame"></span></p>
            <script src="/static/replay.js"></script>
            """);
        return Html.Of($"""
            <p>User <strong id="user">{s.User}</strong>, agent <strong>{s.Agent}</strong>, race {s.Race}, season {s.Season},
            status <strong class="{s.Status}" id="status">{s.Status}</strong>.</p>
            <p class="muted">sha256 {s.Sha256}, {s.Size} bytes, uploaded {Date(s.Created)}.</p>
            {reason}
            <p>Score: <strong>{F(s.Primary, "F4")}</strong>; mean lap time {F(s.Secondary, "F2")} s; MIT distance {F(s.MaxDistance, "F1")} m.</p>
            <h2>Tracks</h2>
            <table><tr><th>Track</th><th class="num">Completed</th><th class="num">Distance (m)</th><th class="num">Laps</th><th class="num">Lap times (s)</th><th class="num">Return</th><th>End</th></tr>{Html.Join(tracks)}</table>
            {replay}
            <h2>History</h2>
            <table><tr><th>When (UTC)</th><th>Status</th><th>Note</th></tr>{Html.Join(history)}</table>
            """);
    }

    static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name) ?? throw new InvalidOperationException($"missing resource {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
