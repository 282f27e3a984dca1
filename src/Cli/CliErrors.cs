using RlLab.Agents.Config;
using RlLab.Envs.Registry;

namespace RlLab.Cli;

/// <summary>
/// A mistake of the user's (bad file, bad option, missing checkpoint): printed as one line,
/// exit code 2, no stack trace.
/// </summary>
public sealed class UserError(string message) : Exception(message);

public static class CliErrors
{
    public const int UserErrorExit = 2;

    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (Describe(e) is string message)
        {
            Console.Error.WriteLine($"error: {message}");
            return UserErrorExit;
        }
    }

    /// <summary>The one-line message for exceptions that are the user's to fix; null for bugs.</summary>
    static string? Describe(Exception e) => e switch
    {
        UserError or ConfigException => e.Message,
        EnvOptionException o => $"env option '{o.Key}': {o.Message}",
        FileNotFoundException or DirectoryNotFoundException => e.Message,
        InvalidDataException => e.Message,
        RlLab.Agents.Bundles.BundleException => e.Message,
        UnauthorizedAccessException => e.Message,
        _ => null,
    };
}
