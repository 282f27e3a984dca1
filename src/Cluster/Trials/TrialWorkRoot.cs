using System.Globalization;
using RlLab.Sim;

namespace RlLab.Cluster.Trials;

/// <summary>
/// Where a sweep's or a worker's trials keep their temporary run directories: rllab-trials/PID in the
/// system temp folder. The process removes its own when it ends; those of processes that were killed
/// (their PID no longer runs) are removed by the next sweep or worker that starts.
/// </summary>
public static class TrialWorkRoot
{
    static string Parent => Path.Combine(Path.GetTempPath(), "rllab-trials");

    /// <summary>This process's folder.</summary>
    public static string Current => Path.Combine(Parent, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Removes the folders of processes that no longer run.</summary>
    public static void RemoveStale()
    {
        if (!Directory.Exists(Parent)) return;
        foreach (string dir in Directory.EnumerateDirectories(Parent))
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && !LiveProcess.Exists(pid))
                Remove(dir);
    }

    /// <summary>Removes <paramref name="root"/>, and the parent too once it is empty; a folder another process is using stays.</summary>
    public static void Remove(string root)
    {
        try
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
            if (Directory.Exists(Parent) && !Directory.EnumerateFileSystemEntries(Parent).Any()) Directory.Delete(Parent);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
