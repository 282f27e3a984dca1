using System.Globalization;

namespace RlLab.Envs;

/// <summary>
/// Which episodes to play, as every verb and the YAML `tracks` key write it: a seed ("7"), a range
/// ("1000-1019"), a list ("1,5,9"), a track name or file ("oval", "my.track"), or a mix.
/// The one parser of that syntax; each item is one episode, in order.
/// </summary>
public sealed class EpisodeSelector
{
    EpisodeSelector(IReadOnlyList<SelectorItem> items, IReadOnlyList<string> parts) => (Items, Parts) = (items, parts);

    /// <summary>One entry per episode.</summary>
    public IReadOnlyList<SelectorItem> Items { get; }

    /// <summary>The comma-separated parts as written (ranges unexpanded), for <see cref="Label"/>.</summary>
    IReadOnlyList<string> Parts { get; }

    public int Count => Items.Count;

    /// <summary>Largest range accepted, so that a typo cannot allocate a billion episodes.</summary>
    public const int MaxItems = 1_000_000;

    /// <summary>Parses <paramref name="text"/>; a YAML list arrives joined and bracketed ("[1, 2]"). Throws FormatException.</summary>
    public static EpisodeSelector Parse(string text)
    {
        var items = new List<SelectorItem>();
        var parts = new List<string>();
        foreach (string raw in text.Trim().Trim('[', ']', ' ').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            parts.Add(raw);
            if (TryInt(raw, out int single)) { items.Add(new SelectorItem(single, null)); continue; }
            // A dash after the first character splits a range; a leading one is a negative seed.
            int dash = raw.IndexOf('-', 1);
            if (dash > 0 && TryInt(raw[..dash], out int a) && TryInt(raw[(dash + 1)..], out int b))
            {
                if (b < a) throw new FormatException($"'{raw}' is a range that runs backwards (expected e.g. 1000-1019)");
                if ((long)b - a + items.Count >= MaxItems) throw new FormatException($"'{raw}' is too large a range (at most {MaxItems} episodes)");
                for (int s = a; s <= b; s++) items.Add(new SelectorItem(s, null));
                continue;
            }
            // Anything else names a track (a file, or experiments/tracks/NAME.track); only Driving has those.
            items.Add(new SelectorItem(null, raw));
        }
        if (items.Count == 0) throw new FormatException($"'{text}' selects no episodes (expected e.g. 7, 1000-1019, 1,5,9 or a track name)");
        return new EpisodeSelector(items, parts);
    }

    /// <summary>The integer seeds; FormatException naming the first track name when there is one.</summary>
    public IReadOnlyList<int> Seeds()
    {
        var seeds = new int[Items.Count];
        for (int i = 0; i < seeds.Length; i++)
            seeds[i] = Items[i].Seed ?? throw new FormatException($"'{Items[i].Track}' is a track name, not a seed (expected e.g. 7, 1000-1019 or 1,5,9)");
        return seeds;
    }

    /// <summary>The single item; FormatException when there are several.</summary>
    public SelectorItem Single() => Items.Count == 1 ? Items[0]
        : throw new FormatException($"selects {Items.Count} episodes where one is wanted (a seed or a track name)");

    /// <summary>A file-name-safe spelling, e.g. "1000-1019" or "1_5_9" or "oval" (eval-LABEL.json); a long list is cut and given a checksum.</summary>
    public string Label
    {
        get
        {
            string label = string.Join('_', Parts.Select(Safe));
            if (label.Length <= MaxLabel) return label;
            uint hash = 2166136261; // FNV-1a: stable across runs, unlike string.GetHashCode
            foreach (char c in label) hash = (hash ^ c) * 16777619;
            return $"{label[..(MaxLabel - 9)]}-{hash:x8}";
        }
    }

    const int MaxLabel = 64;

    public override string ToString() => string.Join(',', Parts);

    static string Safe(string part)
    {
        string name = part.Contains('/', StringComparison.Ordinal) || part.Contains('\\', StringComparison.Ordinal) || part.EndsWith(".track", StringComparison.OrdinalIgnoreCase)
            ? Path.GetFileNameWithoutExtension(part) : part;
        return string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_'));
    }

    static bool TryInt(string s, out int v) => int.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v);
}

/// <summary>One episode of a selector: an env seed, or a track name/file (Driving).</summary>
public readonly record struct SelectorItem(int? Seed, string? Track)
{
    /// <summary>As the env option `track` takes it: a seed or a name.</summary>
    public string TrackOption => Seed is int s ? s.ToString(CultureInfo.InvariantCulture) : Track!;
}
