using System.Globalization;
using System.Text;
using RlLab.Leaderboard.Web;

namespace RlLab.Leaderboard.Client;

/// <summary>A race's standings as terminal text, in the race's own columns; every name passes <see cref="TerminalText.Clean"/>.</summary>
public static class StandingsTable
{
    public static string Format(RaceView race, IReadOnlyList<StandingView> rows)
    {
        var cols = race.Columns;
        string Head(ColumnView c) => c.Unit.Length == 0 ? c.Header : $"{c.Header} ({c.Unit})";
        var sb = new StringBuilder();
        sb.Append($"{"#",3}  {"user",-20} {"agent",-24} {Head(race.Score),14}");
        foreach (var c in cols) sb.Append(' ').Append($"{Head(c),14}");
        sb.AppendLine("  date (UTC)");
        foreach (var r in rows)
        {
            sb.Append($"{r.Rank,3}  {Clip(TerminalText.Clean(r.User), 20),-20} {Clip(TerminalText.Clean(r.Agent), 24),-24} {Value(race.Score, r.Score),14}");
            foreach (var c in cols) sb.Append(' ').Append($"{Value(c, r.Metrics.TryGetValue(c.Key, out double v) ? v : null),14}");
            sb.AppendLine($"  {r.Date.UtcDateTime:yyyy-MM-dd HH:mm}");
        }
        if (rows.Count == 0) sb.AppendLine("(no scored submissions yet)");
        return sb.ToString();
    }

    static string Value(ColumnView c, double? v) =>
        v is not double d || !double.IsFinite(d) ? "-" : c.Unit == "%" ? (d * 100).ToString("F1", CultureInfo.InvariantCulture) : d.ToString("0.####", CultureInfo.InvariantCulture);

    static string Clip(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
