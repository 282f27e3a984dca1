using System.Security.Cryptography;

namespace RlLab.Leaderboard.Storage;

/// <summary>
/// Uploaded bundles, stored once by their sha256 under bundles/. An upload streams to a temp file
/// that is either moved into place (an accepted submission) or deleted (every refusal, abort or
/// error); temp files a killed server left behind are swept at start-up.
/// </summary>
public sealed class BundleStore(string dataDir)
{
    const string TempPrefix = "upload-", TempSuffix = ".tmp";

    readonly string _dir = Directory.CreateDirectory(Path.Combine(dataDir, "bundles")).FullName;

    public string PathOf(string sha) => Path.Combine(_dir, sha + ".safetensors");

    public bool Has(string sha) => File.Exists(PathOf(sha));

    /// <summary>Free bytes on the data folder's disk.</summary>
    public long FreeBytes() => new DriveInfo(_dir).AvailableFreeSpace;

    /// <summary>Deletes upload temp files left by a server that died mid-upload; returns how many.</summary>
    public int SweepStaleUploads()
    {
        int n = 0;
        foreach (string f in Directory.EnumerateFiles(_dir, TempPrefix + "*" + TempSuffix))
        {
            try { File.Delete(f); n++; }
            catch (IOException) { }
        }
        return n;
    }

    /// <summary>
    /// Copies at most <paramref name="limit"/> bytes to a temp file while hashing; null when the body is
    /// longer. The caller owns the temp file and must <see cref="Keep"/> or <see cref="Discard"/> it.
    /// </summary>
    public async Task<(string TempPath, string Sha, long Size)?> ReceiveAsync(Stream body, long limit, CancellationToken ct)
    {
        string tmp = Path.Combine(_dir, $"{TempPrefix}{Guid.NewGuid():N}{TempSuffix}");
        bool done = false;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var file = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                byte[] buffer = new byte[81920];
                int n;
                while ((n = await body.ReadAsync(buffer, ct)) > 0)
                {
                    size += n;
                    if (size > limit) return null;
                    hash.AppendData(buffer, 0, n);
                    await file.WriteAsync(buffer.AsMemory(0, n), ct);
                }
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
            }
            done = true;
            return (tmp, Convert.ToHexStringLower(hash.GetHashAndReset()), size);
        }
        finally
        {
            // Over the cap, aborted by the client, a full disk: nothing of the body stays.
            if (!done) Discard(tmp);
        }
    }

    /// <summary>Moves the temp file into place (or drops it when those bytes are stored already).</summary>
    public string Keep(string tempPath, string sha)
    {
        string path = PathOf(sha);
        if (File.Exists(path)) Discard(tempPath);
        else File.Move(tempPath, path, overwrite: true);
        return path;
    }

    public static void Discard(string tempPath)
    {
        try { File.Delete(tempPath); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
