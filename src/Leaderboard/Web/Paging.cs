namespace RlLab.Leaderboard.Web;

/// <summary><c>?page=&amp;limit=</c> on every list: page from 1, limit 1 to 500 (100 by default).</summary>
public static class Paging
{
    public const int DefaultLimit = 100, MaxLimit = 500;

    public static (int Page, int Limit) Of(int? page, int? limit) => (Math.Max(1, page ?? 1), Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit));

    /// <summary>A name from a route segment: routing decodes everything but "%2F", which a name with a slash arrives as.</summary>
    public static string RouteName(string segment) => segment.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
