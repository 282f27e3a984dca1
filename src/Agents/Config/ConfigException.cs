namespace RlLab.Agents.Config;

/// <summary>A mistake in an experiment file, with the position of the offending key: "file:line:col: message".</summary>
public sealed class ConfigException(string file, int line, int column, string message)
    : Exception($"{file}:{line}:{column}: {message}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public int Column { get; } = column;
    public string Reason { get; } = message;
}
