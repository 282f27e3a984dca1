using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Web;

namespace RlLab.Leaderboard.Client;

/// <summary>The client side of the JSON API, for `rllab submit` and `rllab standings`.</summary>
public sealed class LeaderboardClient(HttpClient http) : IDisposable
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    public static LeaderboardClient For(string server, string? token = null)
    {
        var http = new HttpClient { BaseAddress = new Uri(server.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(5) };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new LeaderboardClient(http);
    }

    public Uri BaseAddress => http.BaseAddress!;

    /// <summary>Uploads a bundle. Refusals (401, 413, 429, 422, 400) come back as <see cref="InvalidDataException"/> with the server's reason.</summary>
    public async Task<SubmitResponse> SubmitAsync(string path, string race, CancellationToken ct = default)
    {
        await using var file = File.OpenRead(path);
        using var content = new StreamContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = file.Length;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/submissions?race={Uri.EscapeDataString(race)}&name={Uri.EscapeDataString(Path.GetFileName(path))}") { Content = content };
        // The server refuses a body over its cap from the headers alone: asking first (Expect: 100-continue) gets
        // its 413 and reason, where sending straight away met a connection closed mid-upload.
        request.Headers.ExpectContinue = true;
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.UnprocessableEntity)
            return (await response.Content.ReadFromJsonAsync<SubmitResponse>(EvaluationChild.Json, ct))!;
        throw new InvalidDataException(await Problem(response, ct));
    }

    public async Task<SubmissionView> SubmissionAsync(long id, CancellationToken ct = default)
    {
        using var response = await http.GetAsync($"api/submissions/{id}", ct);
        if (!response.IsSuccessStatusCode) throw new InvalidDataException(await Problem(response, ct));
        return (await response.Content.ReadFromJsonAsync<SubmissionView>(EvaluationChild.Json, ct))!;
    }

    public async Task<IReadOnlyList<RaceView>> RacesAsync(CancellationToken ct = default)
    {
        using var response = await http.GetAsync("api/races", ct);
        if (!response.IsSuccessStatusCode) throw new InvalidDataException(await Problem(response, ct));
        return (await response.Content.ReadFromJsonAsync<List<RaceView>>(EvaluationChild.Json, ct))!;
    }

    public async Task<IReadOnlyList<StandingView>> StandingsAsync(string race, CancellationToken ct = default)
    {
        using var response = await http.GetAsync($"api/standings/{Uri.EscapeDataString(race)}", ct);
        if (!response.IsSuccessStatusCode) throw new InvalidDataException(await Problem(response, ct));
        return (await response.Content.ReadFromJsonAsync<List<StandingView>>(EvaluationChild.Json, ct))!;
    }

    static async Task<string> Problem(HttpResponseMessage response, CancellationToken ct)
    {
        string text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            var e = System.Text.Json.JsonSerializer.Deserialize<ErrorResponse>(text, EvaluationChild.Json);
            if (e?.Error is string msg)
                return $"server: {(int)response.StatusCode} {msg}" + (response.Headers.RetryAfter?.Delta is TimeSpan d ? $" (retry after {d.TotalSeconds:0} s)" : "");
        }
        catch (System.Text.Json.JsonException) { }
        return $"server: {(int)response.StatusCode} {response.ReasonPhrase}";
    }

    public void Dispose() => http.Dispose();
}
