using System.Security.Cryptography;

namespace RlLab.Leaderboard.Security;

/// <summary>The server's 32-byte secret, made at first start and kept in a file only its owner can read (0600).</summary>
public static class ServerSecret
{
    public static byte[] LoadOrCreate(string dataDir)
    {
        string path = Path.Combine(dataDir, "secret.key");
        if (File.Exists(path)) return File.ReadAllBytes(path);
        byte[] secret = RandomNumberGenerator.GetBytes(32);
        string tmp = path + ".tmp";
        // Created with 0600 from the start so that the bytes are never readable by others.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(tmp, options))
            stream.Write(secret);
        File.Move(tmp, path, overwrite: false);
        return secret;
    }
}
