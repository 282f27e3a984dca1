using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Web;

/// <summary>A rendered page or API answer, its content type and its entity tag (a hash of the bytes).</summary>
public sealed record CachedAnswer(string Body, string ContentType, string ETag, int Status = 200);

/// <summary>
/// Rendered pages and API answers, kept until the database changes. Reading the standings under load
/// then costs one pragma instead of a query and a render; any commit (a score, a new season) redraws
/// them. Each answer carries an ETag, so a client that has it gets 304 and no body.
/// </summary>
public sealed class PageCache(ChangeStamp stamp, int capacity = 512)
{
    readonly Dictionary<string, (long Stamp, CachedAnswer Answer)> _pages = [];
    readonly Lock _gate = new();

    public CachedAnswer GetOrRender(string key, Func<CachedAnswer?> render)
    {
        // The stamp is read before rendering: a commit during the render leaves an older stamp, so the next read redraws.
        long now = stamp.Current();
        lock (_gate)
            if (_pages.TryGetValue(key, out var page) && page.Stamp == now) return page.Answer;
        CachedAnswer answer = render() ?? new CachedAnswer("", "text/plain", "", 404);
        lock (_gate)
        {
            if (_pages.Count >= capacity) _pages.Clear();
            _pages[key] = (now, answer);
        }
        return answer;
    }

    /// <summary>An answer with its tag: <paramref name="status"/> 200 pages get one, errors do not need one.</summary>
    public static CachedAnswer Answer(string body, string contentType, int status = 200) =>
        new(body, contentType, status == 200 ? $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..20]}\"" : "", status);

    /// <summary>Sends an answer with its ETag and Cache-Control: no-cache (always revalidate); 304 when the client's tag matches.</summary>
    public static IResult Send(HttpContext http, CachedAnswer answer)
    {
        if (answer.ETag.Length > 0)
        {
            http.Response.Headers.ETag = answer.ETag;
            http.Response.Headers.CacheControl = "no-cache";
            if (http.Request.Headers.IfNoneMatch.Any(t => t == answer.ETag || t == "*")) return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Content(answer.Body, answer.ContentType, Encoding.UTF8, answer.Status);
    }
}
