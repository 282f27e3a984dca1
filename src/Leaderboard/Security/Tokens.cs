using System.Security.Cryptography;
using System.Text;

namespace RlLab.Leaderboard.Security;

/// <summary>API tokens: 32 random bytes shown once; only their SHA-256 is stored (they are long and random, so no slow hash is needed).</summary>
public static class Tokens
{
    public static string New() => "rl_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
