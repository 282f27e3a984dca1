using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace RlLab.Leaderboard.Web;

/// <summary>
/// /api/docs: the OpenAPI document (/api/openapi/v1.json) as a readable page, rendered on the server
/// from the same document, so it needs no script and no CDN and the CSP stays strict.
/// </summary>
public static class ApiDocsPage
{
    public static RawHtml Render(IServiceProvider services)
    {
        var provider = services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1");
        OpenApiDocument doc = provider.GetOpenApiDocumentAsync(CancellationToken.None).GetAwaiter().GetResult();
        var sections = new List<RawHtml>
        {
            Html.Of($"""
                <p>The JSON API of this leaderboard. The machine-readable document is <a href="/api/openapi/v1.json"><code>/api/openapi/v1.json</code></a> (OpenAPI {doc.Info?.Version ?? "v1"}).
                Calls marked <strong>token</strong> need <code>Authorization: Bearer rl_…</code> (the token <code>rllab serve user add NAME</code> printed).
                Lists take <code>?page=</code> and <code>?limit=</code> (1–{Paging.MaxLimit}, default {Paging.DefaultLimit}). Every error has a JSON body <code>{"{\"error\": \"…\"}"}</code>.</p>
                """),
        };
        foreach (var (path, item) in doc.Paths.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (item.Operations is null) continue;
            foreach (var (method, op) in item.Operations)
            {
                bool token = op.Security?.Count > 0;
                var parameters = (op.Parameters ?? []).Select(p => Html.Of(
                    $"<tr><td><code>{p.Name}</code></td><td>{p.In?.ToString().ToLowerInvariant()}</td><td>{(p.Required ? "yes" : "no")}</td><td>{TypeOf(p.Schema)}</td></tr>"));
                var responses = (op.Responses ?? []).OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => Html.Of(
                    $"<tr><td>{r.Key}</td><td>{r.Value.Description}</td><td>{string.Join(", ", r.Value.Content?.Keys ?? [])}</td></tr>"));
                RawHtml paramTable = op.Parameters is { Count: > 0 }
                    ? Html.Of($"<div class=\"scroll\"><table><tr><th>Parameter</th><th>In</th><th>Required</th><th>Type</th></tr>{Html.Join(parameters)}</table></div>")
                    : new RawHtml("");
                sections.Add(Html.Of($"""
                    <h2 id="{method.Method.ToLowerInvariant()}-{path.Trim('/').Replace('/', '-').Replace("{", "").Replace("}", "")}"><code>{method.Method} {path}</code>{(token ? " · token" : "")}</h2>
                    {(op.Summary ?? op.Description ?? "")}
                    {paramTable}
                    <div class="scroll"><table><tr><th>Status</th><th>Meaning</th><th>Body</th></tr>{Html.Join(responses)}</table></div>
                    """));
            }
        }
        return Html.Join(sections);
    }

    static string TypeOf(IOpenApiSchema? schema) => schema?.Type?.ToString().ToLowerInvariant().Replace(", null", "") ?? "";
}
