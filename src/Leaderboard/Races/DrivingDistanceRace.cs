namespace RlLab.Leaderboard.Races;

/// <summary>
/// driving-distance: the MIT 6.S191 lab's own competition. On each hidden track the agent drives until
/// its first crash, capped at N laps; the score is the mean distance travelled without a crash (m).
/// Equal distances share a rank. (This file plus its line in <see cref="RaceCatalog"/> is the whole race;
/// the tracks, laps and episode tracker come from <see cref="DrivingRace"/>.)
/// </summary>
public sealed class DrivingDistanceRace() : DrivingRace("driving-distance", "Driving distance (MIT)")
{
    public override RaceScore Score(Race race, IReadOnlyList<EpisodeResult> hidden)
    {
        var summary = new Dictionary<string, double>
        {
            [DrivingKeys.Distance] = DrivingKeys.Mean(hidden, DrivingKeys.Distance),
            [DrivingKeys.Crashed] = DrivingKeys.Mean(hidden, DrivingKeys.Crashed),
        };
        return new RaceScore(summary[DrivingKeys.Distance], null, summary);
    }

    public override RaceColumns Columns { get; } = new(
        new RaceColumn("score", "Distance", "m", "F1"),
        null,
        [new RaceColumn(DrivingKeys.Crashed, "Crashed", "", "F0", Percent: true)],
        [
            new RaceColumn(DrivingKeys.Distance, "Distance", "m", "F1"),
            new RaceColumn(DrivingKeys.Crashed, "Crashed", "", "F0"),
        ]);
}
