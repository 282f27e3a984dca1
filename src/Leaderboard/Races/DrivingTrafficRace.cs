using System.Globalization;
using RlLab.Envs.Driving;

namespace RlLab.Leaderboard.Races;

/// <summary>
/// driving-traffic: one lap of each hidden track on a two-lane road with other cars and obstacles at the
/// reference density (10 cars and 2 obstacles per km, the car limited to 12 m/s; docs/traffic.md). The
/// world is the race's, so no bundle brings its own traffic or speed. Ranked by the mean CARLA-style
/// driving score (route completion × the infractions' penalties), then by the collisions, fewer first.
/// </summary>
public sealed class DrivingTrafficRace() : DrivingRace("driving-traffic", "Driving in traffic", TrafficWorld, laps: 1, maxSteps: 3_000)
{
    // The reference traffic of docs/traffic.md, as `drive --traffic` and `bench sim` use it, plus the speed limit.
    static readonly IReadOnlyDictionary<string, string> TrafficWorld = new Dictionary<string, string>(
        DrivingConfig.ReferenceTraffic.Select(p => KeyValuePair.Create(p.Key, Convert.ToString(p.Value, CultureInfo.InvariantCulture)!)))
    {
        ["max_speed"] = "12",
    };

    public override RaceScore Score(Race race, IReadOnlyList<EpisodeResult> hidden)
    {
        var summary = new Dictionary<string, double>
        {
            [DrivingKeys.DrivingScore] = DrivingKeys.Mean(hidden, DrivingKeys.DrivingScore),
            [DrivingKeys.Completed] = DrivingKeys.Mean(hidden, DrivingKeys.Completed),
            [DrivingKeys.Collisions] = DrivingKeys.Mean(hidden, DrivingKeys.Collisions),
        };
        return new RaceScore(summary[DrivingKeys.DrivingScore], summary[DrivingKeys.Collisions], summary);
    }

    public override RaceColumns Columns { get; } = new(
        new RaceColumn("score", "Driving score", "", "F3"),
        new RaceColumn(DrivingKeys.Collisions, "Collisions", "", "F2"),
        [
            new RaceColumn(DrivingKeys.Completed, "Route", "", "F0", Percent: true),
            new RaceColumn(DrivingKeys.Collisions, "Collisions", "", "F2"),
        ],
        [
            new RaceColumn(DrivingKeys.DrivingScore, "Driving score", "", "F3"),
            new RaceColumn(DrivingKeys.Completed, "Route", "", "F1", Percent: true),
            new RaceColumn(DrivingKeys.Collisions, "Collisions", "", "F0"),
            new RaceColumn(DrivingKeys.Offroad, "Off road", "", "F0"),
        ]);
}
