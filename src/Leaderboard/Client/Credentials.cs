namespace RlLab.Leaderboard.Client;

/// <summary>The API token: RLLAB_TOKEN, else ~/.config/rllab/credentials (one line, mode 0600 or it is refused).</summary>
public static class Credentials
{
    public static string DefaultPath => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "rllab", "credentials");

    /// <summary>The token, or throws <see cref="InvalidDataException"/> with a one-line reason.</summary>
    public static string Find(string? path = null)
    {
        if (Environment.GetEnvironmentVariable("RLLAB_TOKEN") is { Length: > 0 } env) return env.Trim();
        path ??= DefaultPath;
        if (!File.Exists(path)) throw new InvalidDataException($"no token: set RLLAB_TOKEN or write it to {path} (mode 0600)");
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            throw new InvalidDataException($"{path}: readable by others; chmod 600 it");
        string token = File.ReadAllText(path).Trim();
        return token.Length > 0 ? token : throw new InvalidDataException($"{path}: empty");
    }
}
