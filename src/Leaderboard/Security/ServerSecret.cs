using System.Security.Cryptography;

namespace RlLab.Leaderboard.Security;

/// <summary>
/// The server's secret (the hidden seeds are an HMAC under it): 32 random bytes made at first start,
/// written atomically and fsynced in a file only its owner can read (0600). A shorter key is refused,
/// since an empty or short key makes the hidden seeds computable by anyone.
/// </summary>
public static class ServerSecret
{
    public const int MinBytes = 32;

    public static string PathIn(string dataDir) => Path.Combine(dataDir, "secret.key");

    public static byte[] LoadOrCreate(string dataDir)
    {
        string path = PathIn(dataDir);
        if (File.Exists(path))
        {
            byte[] key = File.ReadAllBytes(path);
            return key.Length >= MinBytes ? key : throw new InvalidDataException(
                $"{path}: {key.Length} bytes; a secret needs at least {MinBytes} random bytes (make one: head -c {MinBytes} /dev/urandom > {path} && chmod 600 {path}; it sets the hidden seeds)");
        }
        byte[] secret = RandomNumberGenerator.GetBytes(MinBytes);
        string tmp = $"{path}.tmp-{Environment.ProcessId}";
        try
        {
            // Created with 0600 from the start so that the bytes are never readable by others.
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(tmp, options))
            {
                stream.Write(secret);
                stream.Flush(flushToDisk: true);
            }
            // Not over a key another server made meanwhile: that one is read back instead.
            try { File.Move(tmp, path, overwrite: false); }
            catch (IOException) when (File.Exists(path)) { return LoadOrCreate(dataDir); }
            return secret;
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
