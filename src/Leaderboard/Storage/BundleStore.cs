using System.Security.Cryptography;

namespace RlLab.Leaderboard.Storage;

/// <summary>Uploaded bundles, stored once by their sha256 under bundles/.</summary>
public sealed class BundleStore(string dataDir)
{
    readonly string _dir = Directory.CreateDirectory(Path.Combine(dataDir, "bundles")).FullName;

    public string PathOf(string sha) => Path.Combine(_dir, sha + ".safetensors");

    /// <summary>Copies at most <paramref name="limit"/> bytes to a temp file while hashing; null when the body is longer.</summary>
    public async Task<(string TempPath, string Sha, long Size)?> ReceiveAsync(Stream body, long limit, CancellationToken ct)
    {
        string tmp = Path.Combine(_dir, $"upload-{Guid.NewGuid():N}.tmp");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        await using (var file = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            byte[] buffer = new byte[81920];
            int n;
            while ((n = await body.ReadAsync(buffer, ct)) > 0)
            {
                size += n;
                if (size > limit) { file.Close(); File.Delete(tmp); return null; }
                hash.AppendData(buffer, 0, n);
                await file.WriteAsync(buffer.AsMemory(0, n), ct);
            }
        }
        return (tmp, Convert.ToHexStringLower(hash.GetHashAndReset()), size);
    }

    /// <summary>Moves the temp file into place (or drops it when those bytes are stored already).</summary>
    public string Keep(string tempPath, string sha)
    {
        string path = PathOf(sha);
        if (File.Exists(path)) File.Delete(tempPath);
        else File.Move(tempPath, path, overwrite: true);
        return path;
    }
}
