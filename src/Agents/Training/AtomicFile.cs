namespace RlLab.Agents.Training;

/// <summary>
/// Writes a file so that readers see the old or the new content, never half of one: write a
/// temporary file beside it, fsync, rename over. A kill between the two leaves at most a
/// temporary file, which <see cref="RunDirectory.RemoveStaleTemporaries"/> removes on resume.
/// </summary>
public static class AtomicFile
{
    /// <summary>Part of every temporary file's name.</summary>
    public const string TempMarker = ".tmp-";

    public static void Write(string path, Action<Stream> write)
    {
        string tmp = $"{path}{TempMarker}{Environment.ProcessId}";
        try
        {
            using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            // Also when the write failed (a full disk): no empty temporary file is left behind.
            try { if (File.Exists(tmp)) File.Delete(tmp); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, s => { using var w = new StreamWriter(s, leaveOpen: true); w.Write(text); });
}
