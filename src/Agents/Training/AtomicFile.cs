namespace RlLab.Agents.Training;

/// <summary>Writes a file so that readers see the old or the new content, never half of one.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string tmp = $"{path}.tmp-{Environment.ProcessId}";
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
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, s => { using var w = new StreamWriter(s, leaveOpen: true); w.Write(text); });
}
