namespace RlLab.Leaderboard.Races;

/// <summary>
/// driving-time-trial: up to N laps of each hidden track in the env's default world (the MIT car and
/// crash rule). Ranked by the mean completed fraction (distance without a crash / N laps), then by the
/// mean lap time, lower first.
/// </summary>
public sealed class DrivingTimeTrialRace() : DrivingRace("driving-time-trial", "Driving time trial")
{
    public override RaceScore Score(Race race, IReadOnlyList<EpisodeResult> hidden)
    {
        double[] laps = [.. hidden.SelectMany(e => e.Series?.GetValueOrDefault(DrivingKeys.LapTimes) ?? [])];
        double? lapTime = laps.Length == 0 ? null : laps.Average();
        var summary = new Dictionary<string, double>
        {
            [DrivingKeys.Completed] = DrivingKeys.Mean(hidden, DrivingKeys.Completed),
            [DrivingKeys.Laps] = DrivingKeys.Mean(hidden, DrivingKeys.Laps),
            [DrivingKeys.MitDistance] = DrivingKeys.Mean(hidden, DrivingKeys.Distance),
        };
        if (lapTime is double t) summary[DrivingKeys.LapTime] = t;
        return new RaceScore(summary[DrivingKeys.Completed], lapTime, summary);
    }

    public override RaceColumns Columns { get; } = new(
        new RaceColumn("score", "Completed", "", "F1", Percent: true),
        new RaceColumn(DrivingKeys.LapTime, "Lap time", "s", "F2"),
        [
            new RaceColumn(DrivingKeys.Laps, "Laps", "", "F2"),
            new RaceColumn(DrivingKeys.LapTime, "Lap time", "s", "F2"),
            new RaceColumn(DrivingKeys.MitDistance, "MIT distance", "m", "F1"),
        ],
        [
            new RaceColumn(DrivingKeys.Completed, "Completed", "", "F1", Percent: true),
            new RaceColumn(DrivingKeys.Distance, "Distance", "m", "F1"),
            new RaceColumn(DrivingKeys.Laps, "Laps", "", "F0"),
            new RaceColumn(DrivingKeys.LapTimes, "Lap times", "s", "F2", Series: true),
        ]);
}
