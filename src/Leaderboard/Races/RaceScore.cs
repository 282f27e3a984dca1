namespace RlLab.Leaderboard.Races;

/// <summary>
/// A race's result. Ranking: <see cref="Primary"/> descending, then <see cref="TieBreak"/> ascending
/// (null last); equal keys share a rank. <see cref="Summary"/> holds the numbers of the race's
/// standing columns by key.
/// </summary>
public sealed record RaceScore(double Primary, double? TieBreak, IReadOnlyDictionary<string, double> Summary);
