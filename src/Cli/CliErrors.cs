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

    /// <summary>A command line that does not parse: its errors on one line, a hint, exit 2 (not the whole help).</summary>
    public static int ParseError(System.CommandLine.ParseResult parse)
    {
        string verb = parse.CommandResult.Command is System.CommandLine.RootCommand ? "" : " " + CommandPath(parse.CommandResult);
        // All on one line: System.CommandLine often reports one mistake twice ("required command" and "unrecognized 'x'").
        Console.Error.WriteLine($"error: {string.Join(" ", parse.Errors.Select(e => e.Message).Distinct())}");
        Console.Error.WriteLine($"hint: ./rllab{verb} --help lists the options; docs/cli.md has them all");
        return UserErrorExit;
    }

    static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = result; r is System.CommandLine.Parsing.CommandResult c && c.Command is not System.CommandLine.RootCommand; r = r.Parent)
            names.Insert(0, c.Command.Name);
        return string.Join(' ', names);
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
