using RlLab.Envs;

namespace RlLab.Leaderboard.Races;

/// <summary>
/// driving-distance: the MIT 6.S191 lab's own competition. On each hidden track the agent drives until
/// its first crash, capped at N laps; the score is the mean distance travelled without a crash (m).
/// Equal distances share a rank. (This file plus its line in <see cref="RaceCatalog"/> is the whole race.)
/// </summary>
public sealed class DrivingDistanceRace : IRace
{
    public string Kind => "driving-distance";

    public string EpisodeNoun => "Track";

    public Race Define(int hiddenSeeds) => new(Kind, "Driving distance (MIT)", Kind, "Driving", new Dictionary<string, string>(),
        [10000, 10001, 10002], hiddenSeeds, Laps: 3, MaxSteps: 30_000);

    public IReadOnlyDictionary<string, string> SeedOptions(int seed) => DrivingKeys.TrackOf(seed);

    public IEpisodeTracker Track(Race race, IEnv env, bool record) => new DrivingTracker(race, env, record);

    public RaceScore Score(Race race, IReadOnlyList<EpisodeResult> hidden)
    {
        var summary = new Dictionary<string, double>
        {
            [DrivingKeys.Distance] = DrivingKeys.Mean(hidden, DrivingKeys.Distance),
            [DrivingKeys.Crashed] = DrivingKeys.Mean(hidden, DrivingKeys.Crashed),
        };
        return new RaceScore(summary[DrivingKeys.Distance], null, summary);
    }

    public RaceColumns Columns { get; } = new(
        new RaceColumn("score", "Distance", "m", "F1"),
        null,
        [new RaceColumn(DrivingKeys.Crashed, "Crashed", "", "F0", Percent: true)],
        [
            new RaceColumn(DrivingKeys.Distance, "Distance", "m", "F1"),
            new RaceColumn(DrivingKeys.Crashed, "Crashed", "", "F0"),
        ]);
}
