using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Web;

/// <summary>
/// Rendered pages, kept until the database changes. Reading the standings under load then costs
/// one pragma instead of a query and a render; any commit (a score, a new season) redraws them.
/// </summary>
public sealed class PageCache(ChangeStamp stamp, int capacity = 512)
{
    readonly Dictionary<string, (long Stamp, string Html)> _pages = [];
    readonly Lock _gate = new();

    public string GetOrRender(string key, Func<string> render)
    {
        // The stamp is read before rendering: a commit during the render leaves an older stamp, so the next read redraws.
        long now = stamp.Current();
        lock (_gate)
            if (_pages.TryGetValue(key, out var page) && page.Stamp == now) return page.Html;
        string html = render();
        lock (_gate)
        {
            if (_pages.Count >= capacity) _pages.Clear();
            _pages[key] = (now, html);
        }
        return html;
    }
}
