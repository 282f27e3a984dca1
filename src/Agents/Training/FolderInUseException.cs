namespace RlLab.Agents.Training;

/// <summary>Another process holds the <see cref="FolderLock"/> of a run, a sweep or a leaderboard's data folder.</summary>
public sealed class FolderInUseException(string folder, string what, int? pid)
    : Exception($"{folder}: this {what} is in use by another rllab process ({(pid is int p ? $"PID {p}" : "PID unknown")}); wait for it to end, or stop it")
{
    public int? Pid { get; } = pid;
}
