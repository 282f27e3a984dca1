using Microsoft.OpenApi;

namespace RlLab.Leaderboard.Web;

/// <summary>Declares the bearer-token scheme in the OpenAPI document and marks each operation that answers 401 as needing it.</summary>
static class OpenApiBearer
{
    const string Scheme = "bearer";

    public static void Declare(OpenApiDocument doc)
    {
        doc.Components ??= new OpenApiComponents();
        doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        doc.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = Scheme, BearerFormat = "rl_<64 hex digits>",
            Description = "The token `rllab serve user add NAME` prints: Authorization: Bearer rl_…",
        };
        foreach (var path in doc.Paths.Values)
        {
            if (path.Operations is null) continue;
            foreach (var operation in path.Operations.Values)
                if (operation.Responses?.ContainsKey("401") == true)
                    (operation.Security ??= []).Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, doc)] = [] });
        }
    }
}
