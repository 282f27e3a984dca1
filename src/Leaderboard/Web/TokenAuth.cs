using Microsoft.AspNetCore.Http;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Web;

/// <summary>Bearer tokens: "Authorization: Bearer rl_…" (the scheme name in any case, RFC 7235).</summary>
public static class TokenAuth
{
    const string Scheme = "Bearer ";

    public static string? TokenOf(HttpContext http)
    {
        string? header = http.Request.Headers.Authorization;
        return header is not null && header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && header.Length > Scheme.Length
            ? header[Scheme.Length..].Trim() : null;
    }

    public static User? UserOf(HttpContext http, UserStore users) => TokenOf(http) is string t ? users.FindByToken(t) : null;
}
