namespace RlLab.Cli;

/// <summary>The URLs a verb is given (serve --urls, submit --server), checked before anything starts: a bad one is one line, not a trace.</summary>
public static class HttpUrls
{
    /// <summary>An absolute http:// or https:// URL, or a <see cref="UserError"/> naming the option.</summary>
    public static Uri Parse(string option, string text)
    {
        // Kestrel's wildcard hosts (http://*:5080, http://+:5080) are not hosts to Uri.
        string probe = text.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal);
        if (!Uri.TryCreate(probe, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            throw new UserError($"{option} {text}: not an http:// or https:// URL (e.g. http://127.0.0.1:5080)");
        return uri;
    }

    /// <summary>serve's --urls: one URL or several separated by ';'.</summary>
    public static void ParseList(string option, string text)
    {
        foreach (string url in text.Split(';', StringSplitOptions.TrimEntries)) Parse(option, url);
    }
}
