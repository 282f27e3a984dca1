using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace RlLab.Leaderboard.Web;

/// <summary>Markup that is already safe (built by <see cref="Html"/>); everything else is encoded.</summary>
public sealed record RawHtml(string Value)
{
    public override string ToString() => Value;
}

/// <summary>
/// Builds HTML from interpolated strings: every interpolated value is HTML-encoded unless it is
/// <see cref="RawHtml"/>, so a page cannot forget to encode a user's text.
/// </summary>
public static class Html
{
    public static RawHtml Of([InterpolatedStringHandlerArgument] ref HtmlHandler handler) => handler.ToHtml();

    public static RawHtml Join(IEnumerable<RawHtml> parts) => new(string.Concat(parts.Select(p => p.Value)));
}

[InterpolatedStringHandler]
public ref struct HtmlHandler
{
    readonly StringBuilder _sb;

    public HtmlHandler(int literalLength, int formattedCount) => _sb = new StringBuilder(literalLength + formattedCount * 16);

    public readonly void AppendLiteral(string s) => _sb.Append(s);

    public readonly void AppendFormatted(RawHtml? html) => _sb.Append(html?.Value);

    public readonly void AppendFormatted<T>(T value, string? format = null)
    {
        string text = value switch
        {
            null => "",
            IFormattable f => f.ToString(format, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        _sb.Append(HtmlEncoder.Default.Encode(text));
    }

    public readonly RawHtml ToHtml() => new(_sb.ToString());
}
