namespace RlLab.Leaderboard.Races;

/// <summary>
/// A race's result. Ranking: <see cref="Primary"/> descending, then <see cref="Secondary"/>
/// ascending (null last). For the time trial, primary is the mean completed fraction and secondary
/// the mean lap time; <see cref="MaxDistance"/> is the MIT metric (the mean of each track's distance
/// driven without a crash).
/// </summary>
public sealed record RaceScore(double Primary, double? Secondary, double? MaxDistance, double? MeanLaps)
{
    public static RaceScore Compute(Race race, IReadOnlyList<EpisodeResult> hidden)
    {
        if (hidden.Count == 0) throw new ArgumentException("no hidden episodes");
        if (race.Kind == RaceKind.MeanReturn)
            return new RaceScore(hidden.Average(e => e.Return), null, null, null);
        double fraction = hidden.Average(e => CompletedFraction(race, e));
        var laps = hidden.SelectMany(e => e.LapTimes).ToList();
        return new RaceScore(fraction, laps.Count == 0 ? null : laps.Average(), hidden.Average(e => e.Distance), hidden.Average(e => (double)e.Laps));
    }

    public static double CompletedFraction(Race race, EpisodeResult e) =>
        e.TrackLength <= 0 ? 0 : Math.Clamp(e.Distance / (race.Laps * e.TrackLength), 0, 1);
}
