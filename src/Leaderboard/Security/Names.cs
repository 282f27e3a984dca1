using System.Globalization;
using System.Text;

namespace RlLab.Leaderboard.Security;

/// <summary>
/// User and agent names: NFC-normalised, bounded in length, and refused when they hold characters
/// that rewrite a terminal or a page (controls, format and bidi characters, line and paragraph
/// separators). <see cref="Skeleton"/> folds look-alikes (Unicode TR39 confusables, the Latin,
/// Cyrillic and Greek letters people mix up) so that "аlice" in Cyrillic cannot pose as "alice".
/// </summary>
public static class Names
{
    public const int MaxUser = 32, MaxAgent = 64;

    /// <summary>The normalised name, or throws <see cref="ArgumentException"/> with a one-line reason that names <paramref name="what"/>.</summary>
    public static string Check(string? name, string what, int maxLength)
    {
        string n = UnicodeNormalizer.ToNfc(name ?? "");
        if (n.Trim().Length == 0) throw new ArgumentException($"{what} is empty");
        if (n != n.Trim()) throw new ArgumentException($"{what} starts or ends with a space");
        int length = new StringInfo(n).LengthInTextElements;
        if (length > maxLength) throw new ArgumentException($"{what} has {length} characters; at most {maxLength}");
        for (int i = 0; i < n.Length; i++)
        {
            UnicodeCategory c = CharUnicodeInfo.GetUnicodeCategory(n, i);
            if (c is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
                throw new ArgumentException($"{what} holds the character U+{char.ConvertToUtf32(n, i):X4} ({c}), which is not allowed in a name");
            if (!UnicodeNormalizer.Available && c is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
                throw new ArgumentException($"{what} holds a combining mark (U+{char.ConvertToUtf32(n, i):X4}); use the precomposed letter");
            if (char.IsHighSurrogate(n[i])) i++;
        }
        return n;
    }

    /// <summary>
    /// The name as it looks: compatibility-decomposed, marks dropped, lower case, and each confusable
    /// letter replaced by its Latin prototype. Two names with one skeleton read alike.
    /// </summary>
    public static string Skeleton(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (char ch in UnicodeNormalizer.ToNfkd(name))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark) continue;
            char lower = char.ToLowerInvariant(ch);
            if (!Prototypes.TryGetValue(lower, out string? p)) { sb.Append(lower); continue; }
            // A prototype may itself have one (Greek iota to i to l): map once more.
            foreach (char q in p) sb.Append(Prototypes.TryGetValue(q, out string? r) ? r : q.ToString());
        }
        // Multi-letter look-alikes, after the single letters: "rn" reads as "m", "vv" as "w".
        return sb.ToString().Replace("rn", "m", StringComparison.Ordinal).Replace("vv", "w", StringComparison.Ordinal);
    }

    /// <summary>Lower-case Cyrillic and Greek letters (and a few digits and signs) to the Latin letters they look like (TR39 confusables.txt).</summary>
    static readonly Dictionary<char, string> Prototypes = new()
    {
        // Cyrillic
        ['а'] = "a", ['в'] = "b", ['е'] = "e", ['ё'] = "e", ['ѕ'] = "s", ['і'] = "i", ['ї'] = "i", ['ј'] = "j", ['к'] = "k",
        ['м'] = "m", ['н'] = "h", ['о'] = "o", ['р'] = "p", ['с'] = "c", ['т'] = "t", ['у'] = "y", ['х'] = "x", ['һ'] = "h",
        ['ԁ'] = "d", ['ԛ'] = "q", ['ԝ'] = "w", ['ӏ'] = "l", ['ɡ'] = "g", ['ь'] = "b", ['г'] = "r", ['п'] = "n", ['з'] = "3",
        // Greek
        ['α'] = "a", ['β'] = "b", ['ε'] = "e", ['η'] = "n", ['ι'] = "i", ['κ'] = "k", ['ν'] = "v", ['ο'] = "o", ['ρ'] = "p",
        ['τ'] = "t", ['υ'] = "u", ['χ'] = "x", ['γ'] = "y", ['ω'] = "w", ['μ'] = "u", ['ϲ'] = "c", ['ϳ'] = "j", ['ζ'] = "z",
        // Latin and common look-alikes
        ['ı'] = "i", ['ȷ'] = "j", ['ℓ'] = "l", ['0'] = "o", ['1'] = "l", ['|'] = "l", ['5'] = "s", ['ß'] = "ss",
        ['i'] = "l", // i and l (and I, 1) are told apart only by a dot: TR39 maps them to one prototype
    };
}
