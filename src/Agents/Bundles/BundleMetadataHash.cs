using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RlLab.Agents.Bundles;

/// <summary>
/// The SHA-256 of a bundle's metadata (<see cref="BundleKeys.MetadataSha256"/>): every key but the two
/// hashes, sorted by ordinal key, as one JSON object. With <see cref="BundleKeys.DataSha256"/> it makes
/// any edit of a bundle, weights or metadata, a refusal. It is integrity, not a signature: whoever edits
/// the metadata can recompute it, which is why a race takes only the agent's interface from a bundle.
/// </summary>
public static class BundleMetadataHash
{
    public static string Compute(IReadOnlyDictionary<string, string> metadata)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (key, value) in metadata.Where(kv => kv.Key is not (BundleKeys.MetadataSha256 or BundleKeys.DataSha256))
                         .OrderBy(kv => kv.Key, StringComparer.Ordinal))
                w.WriteString(key, value);
            w.WriteEndObject();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    /// <summary>Whether the stored hash, if any, matches (bundles written before the key existed have none).</summary>
    public static bool Matches(IReadOnlyDictionary<string, string> metadata) =>
        !metadata.TryGetValue(BundleKeys.MetadataSha256, out string? stored) || string.Equals(stored, Compute(metadata), StringComparison.Ordinal);
}
