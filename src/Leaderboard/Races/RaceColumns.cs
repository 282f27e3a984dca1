namespace RlLab.Leaderboard.Races;

/// <summary>
/// One number a race shows: its key in the metrics (the standings' summary or an episode's metrics),
/// the header, the unit and the .NET format. <see cref="Percent"/> values are fractions shown ×100;
/// <see cref="Series"/> columns read an episode's series (e.g. each lap's time) and join them.
/// </summary>
public sealed record RaceColumn(string Key, string Header, string Unit, string Format, bool Percent = false, bool Series = false)
{
    public string Show(double? value) => value is double v && double.IsFinite(v)
        ? (Percent ? v * 100 : v).ToString(Format, System.Globalization.CultureInfo.InvariantCulture) + (Percent ? " %" : "")
        : "–";

    /// <summary>The value with its unit ("12.5 m", "98.0 %").</summary>
    public string ShowWithUnit(double? value) => Unit.Length == 0 || Percent || value is not double v || !double.IsFinite(v) ? Show(value) : $"{Show(value)} {Unit}";

    public string HeaderWithUnit => Unit.Length == 0 || Percent ? Header : $"{Header} ({Unit})";
}

/// <summary>
/// The race's columns: <see cref="Score"/> (the ranking key; its key is "score"), <see cref="TieBreak"/>
/// (lower first; null when the race has none), <see cref="Standings"/> (from the summary) and
/// <see cref="Episodes"/> (from each episode's metrics).
/// </summary>
public sealed record RaceColumns(RaceColumn Score, RaceColumn? TieBreak, IReadOnlyList<RaceColumn> Standings, IReadOnlyList<RaceColumn> Episodes);
