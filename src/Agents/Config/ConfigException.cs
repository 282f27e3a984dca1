namespace RlLab.Agents.Config;

/// <summary>
/// A mistake in an experiment file, with the position of the offending key: "file:line:col: message";
/// or in a command-line override: "--set key=value: message".
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string file, int line, int column, string message) : base($"{file}:{line}:{column}: {message}")
    {
        File = file;
        Line = line;
        Column = column;
        Reason = message;
    }

    ConfigException(string where, string message) : base($"{where}: {message}")
    {
        File = where;
        Reason = message;
    }

    /// <summary>An error in the value given by one <c>--set</c> argument (it has no line in any file).</summary>
    public static ConfigException AtOverride(string assignment, string message) => new($"--set {assignment}", message);

    public string File { get; }
    public int Line { get; }
    public int Column { get; }
    public string Reason { get; }
}
