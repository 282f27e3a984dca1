namespace RlLab.Sim;

/// <summary>
/// Writes a file so that readers see the old or the new content, never half of one: write a
/// temporary file beside it (same folder, so the rename is atomic), fsync, rename over. A failed
/// write deletes its temporary file; a kill between the two leaves at most a temporary file, which
/// a resume removes (RunDirectory.RemoveStaleTemporaries). Every file a verb writes goes through here.
/// </summary>
public static class AtomicFile
{
    /// <summary>Part of every temporary file's name.</summary>
    public const string TempMarker = ".tmp-";

    public static void Write(string path, Action<Stream> write) => WriteVia(path, TempPath(path), synced: true, tmp =>
    {
        using var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None);
        write(stream);
        stream.Flush(flushToDisk: true);
    });

    /// <summary>
    /// For a writer that wants a path (ffmpeg): <paramref name="write"/> fills the temporary path it is
    /// given, which keeps <paramref name="path"/>'s extension; then it is synced and renamed over
    /// <paramref name="path"/>. Whatever <paramref name="write"/> throws, the temporary file is removed.
    /// </summary>
    public static void WriteVia(string path, Action<string> write) =>
        WriteVia(path, TempPath(path) + Path.GetExtension(path), synced: false, write);

    static void WriteVia(string path, string tmp, bool synced, Action<string> write)
    {
        RemoveDeadTemporaries(path);
        try
        {
            write(tmp);
            if (!synced) Sync(tmp);
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            // Also when the write failed (a full disk): no temporary file is left behind.
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

    /// <summary>
    /// Removes the temporary files of <paramref name="path"/> whose writer no longer runs (killed mid-write,
    /// e.g. an export): <c>NAME.tmp-PID</c> or <c>NAME.tmp-PID.EXT</c>. A live writer's are left alone.
    /// </summary>
    static void RemoveDeadTemporaries(string path)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is null || !Directory.Exists(dir)) return;
        string prefix = Path.GetFileName(path) + TempMarker;
        foreach (string tmp in Directory.EnumerateFiles(dir, prefix + "*"))
        {
            string rest = Path.GetFileName(tmp)[prefix.Length..];
            int end = rest.IndexOf('.', StringComparison.Ordinal);
            if (!int.TryParse(end < 0 ? rest : rest[..end], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)
                || LiveProcess.Exists(pid)) continue;
            try { File.Delete(tmp); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The temporary file beside <paramref name="path"/>, this process's (never ending in .ckpt, so never taken for a checkpoint).</summary>
    static string TempPath(string path) => $"{path}{TempMarker}{Environment.ProcessId}";

    /// <summary>Forces the content to the disk, where a full disk that the writes did not report shows up.</summary>
    static void Sync(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        stream.Flush(flushToDisk: true);
    }
}
