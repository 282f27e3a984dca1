using System.Globalization;
using System.Text;

namespace RlLab.Leaderboard.Client;

/// <summary>
/// Text from a server or a database, made safe to print: control, format and bidi characters and
/// line separators become '?', so no name can move the cursor, clear the screen, set the window
/// title or reverse a line. A second line of defence behind <see cref="Security.Names"/>.
/// </summary>
public static class TerminalText
{
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        StringBuilder? sb = null;
        for (int i = 0; i < text.Length; i++)
        {
            bool bad = CharUnicodeInfo.GetUnicodeCategory(text[i]) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
            if (bad) (sb ??= new StringBuilder(text, 0, i, text.Length)).Append('?');
            else sb?.Append(text[i]);
        }
        return sb?.ToString() ?? text;
    }
}
