using System.Globalization;

namespace RlLab.Agents.Training;

/// <summary>
/// An exclusive lock on a folder (a run, a sweep, a leaderboard's data) held for the life of the
/// process: a POSIX record lock on <see cref="FileName"/>, which the kernel releases when the
/// process ends, kill -9 included, so no stale lock ever needs clearing by hand. The file holds the
/// holder's PID, which a second process names in its error.
/// </summary>
public sealed class FolderLock : IDisposable
{
    public const string FileName = ".rllab.lock";

    // Record locks do not conflict within one process, and closing any handle on the file drops them:
    // the folders this process holds are remembered here instead.
    static readonly HashSet<string> Held = new(StringComparer.Ordinal);

    readonly string folder;
    readonly FileStream stream;

    FolderLock(string folder, FileStream stream)
    {
        this.folder = folder;
        this.stream = stream;
    }

    /// <summary>Locks <paramref name="path"/> (created if missing); throws <see cref="FolderInUseException"/> when another process holds it.</summary>
    /// <param name="what">What the folder is, for the error ("run", "sweep", "leaderboard data folder").</param>
    public static FolderLock Acquire(string path, string what)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full)) throw new InvalidDataException($"{path}: is a file, not a folder");
        Directory.CreateDirectory(full);
        lock (Held)
            if (!Held.Add(full)) throw new FolderInUseException(path, what, Environment.ProcessId);
        FileStream? stream = null;
        try
        {
            stream = new FileStream(Path.Combine(full, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            try
            {
                // .NET offers no record locks on macOS (Linux is the platform this runs on).
                if (!OperatingSystem.IsMacOS()) stream.Lock(0, 1);
            }
            catch (IOException)
            {
                throw new FolderInUseException(path, what, ReadPid(stream));
            }
            stream.SetLength(0);
            stream.Write(System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            stream.Flush(flushToDisk: true);
            return new FolderLock(full, stream);
        }
        catch
        {
            stream?.Dispose();
            lock (Held) Held.Remove(full);
            throw;
        }
    }

    /// <summary>The holder's PID as it wrote it; null in the instant between its lock and its write.</summary>
    static int? ReadPid(FileStream stream)
    {
        var buffer = new byte[32];
        stream.Position = 0;
        int n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return int.TryParse(System.Text.Encoding.ASCII.GetString(buffer, 0, n).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : null;
    }

    public void Dispose()
    {
        // Closing the handle releases the lock; the file stays (removing it would race a new holder).
        stream.Dispose();
        lock (Held) Held.Remove(folder);
    }
}
