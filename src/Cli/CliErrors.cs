using System.Reflection;
using RlLab.Agents.Config;
using RlLab.Agents.Training;
using RlLab.Envs.Registry;

namespace RlLab.Cli;

/// <summary>
/// A mistake of the user's (bad file, bad option, missing checkpoint): printed as one line,
/// exit code 2, no stack trace.
/// </summary>
public sealed class UserError(string message) : Exception(message);

/// <summary>The one place where exceptions become a line on stderr and an exit code.</summary>
public static class CliErrors
{
    public const int UserErrorExit = 2;
    /// <summary>Training diverged (a NaN or infinity): not the user's typo, but not a crash either.</summary>
    public const int NonFiniteExit = 3;
    /// <summary>A sweep ended with some trials failed (their status in sweep.csv says which).</summary>
    public const int TrialsFailedExit = 4;

    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (Describe(Unwrap(e)) is var (message, code))
        {
            Console.Error.WriteLine($"error: {message}");
            return code;
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

    internal static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = result; r is System.CommandLine.Parsing.CommandResult c && c.Command is not System.CommandLine.RootCommand; r = r.Parent)
            names.Insert(0, c.Command.Name);
        return string.Join(' ', names);
    }

    static Exception Unwrap(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => Unwrap(a.InnerExceptions[0]),
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        _ => e,
    };

    /// <summary>The one-line message and exit code for exceptions that are the user's to fix; null for bugs.</summary>
    static (string, int)? Describe(Exception e) => e switch
    {
        NonFiniteException => (e.Message, NonFiniteExit),
        UserError or ConfigException or SetupException => (e.Message, UserErrorExit),
        FolderInUseException => (e.Message, UserErrorExit),
        RlLab.Envs.Plugins.PluginEnvException => (e.Message, UserErrorExit),
        EnvOptionException o => ($"env option '{o.Key}': {o.Message}", UserErrorExit),
        FileNotFoundException or DirectoryNotFoundException => (e.Message, UserErrorExit),
        InvalidDataException => (e.Message, UserErrorExit),
        RlLab.Agents.Bundles.BundleException => (e.Message, UserErrorExit),
        RlLab.Cluster.Sweeps.SweepException => (e.Message, UserErrorExit),
        UnauthorizedAccessException => ($"permission denied: {e.Message}", UserErrorExit),
        // The leaderboard's database: locked by another process, a disk that filled up mid-write, ...
        Microsoft.Data.Sqlite.SqliteException s => ($"database: {s.Message.Split('\n')[0]}", UserErrorExit),
        // A full or read-only disk, a path that names a file where a folder is wanted, ...
        IOException => ($"I/O error: {e.Message}", UserErrorExit),
        _ => null,
    };

    /// <summary>A verb that would replace an existing file the user may not have meant to lose.</summary>
    public static string WouldOverwrite(string option, string path) =>
        $"{option} {path}: the file exists; add --force to replace it, or choose another name";

    /// <summary>
    /// An output file that cannot be written (no such folder, a file where a folder should be, no permission,
    /// a full disk): said about the path the user gave, not the writer's temporary file.
    /// </summary>
    public static string CannotWrite(string option, string path, Exception e)
    {
        string why = e switch
        {
            DirectoryNotFoundException => $"no folder {Path.GetDirectoryName(Path.GetFullPath(path))} to write it in",
            UnauthorizedAccessException => "permission denied",
            // What Linux says for a file that cannot be created in that folder at all (e.g. under /proc).
            FileNotFoundException => "no file can be created there",
            _ => e.Message.Split(" : '")[0].Split(" '")[0].TrimEnd('.'),
        };
        return $"{option} {path}: cannot write it ({why})";
    }

    /// <summary>The same from the exception: StackExchange.Redis explains its retry options after the first sentence, not the user's business here.</summary>
    public static string ClusterUnreachable(string url, Exception e) => ClusterUnreachable(url, e.Message.Split(". ", 2)[0].TrimEnd('.'));

    /// <summary>`serve --cluster`, `worker`: Redis or the cluster could not be reached at start-up.</summary>
    public static string ClusterUnreachable(string url, string why) =>
        $"--cluster {url}: could not join the cluster ({why}); is Redis running there? (docs/scaling.md)";
}
