using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace RlLab.Leaderboard.Security;

/// <summary>
/// Hidden seeds: HMAC-SHA256(secret, "race|season|index"), the first 4 bytes as a non-negative
/// int. Nobody without the secret can predict them; the server never prints them.
/// </summary>
public sealed class HiddenSeeds(byte[] secret)
{
    public int Seed(string race, int season, int index)
    {
        byte[] mac = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{race}|{season}|{index}"));
        // Far above the public practice and training seeds (0-99, 10000-10019).
        return 1_000_000 + (int)(BinaryPrimitives.ReadUInt32LittleEndian(mac) % 1_000_000_000u);
    }

    public int[] Seeds(string race, int season, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Seed(race, season, i))];
}
