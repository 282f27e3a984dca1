using Microsoft.AspNetCore.Http;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Web;

/// <summary>Bearer tokens: "Authorization: Bearer rl_…".</summary>
public static class TokenAuth
{
    public static string? TokenOf(HttpContext http)
    {
        string? header = http.Request.Headers.Authorization;
        return header is not null && header.StartsWith("Bearer ", StringComparison.Ordinal) && header.Length > 7 ? header[7..].Trim() : null;
    }

    public static User? UserOf(HttpContext http, UserStore users) => TokenOf(http) is string t ? users.FindByToken(t) : null;
}
