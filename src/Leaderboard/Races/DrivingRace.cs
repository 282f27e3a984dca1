using System.Globalization;
using RlLab.Envs;

namespace RlLab.Leaderboard.Races;

/// <summary>
/// What the driving races share: each hidden seed is one procedural track of the race's world (the env's
/// defaults unless the race sets more), the public practice tracks 10000-10002, up to 3 laps by default,
/// and a <see cref="DrivingTracker"/> on every episode. A driving race adds its score and its columns.
/// </summary>
public abstract class DrivingRace(string kind, string title, IReadOnlyDictionary<string, string>? world = null, int laps = 3, int maxSteps = 30_000) : IRace
{
    public string Kind => kind;

    public string EpisodeNoun => "Track";

    public Race Define(int hiddenSeeds) => new(Kind, title, Kind, "Driving", world ?? new Dictionary<string, string>(),
        [10000, 10001, 10002], hiddenSeeds, Laps: laps, MaxSteps: maxSteps);

    public IReadOnlyDictionary<string, string> SeedOptions(int seed) =>
        new Dictionary<string, string> { ["track"] = seed.ToString(CultureInfo.InvariantCulture) };

    public IEpisodeTracker Track(Race race, IEnv env, bool record) => new DrivingTracker(race, env, record);

    public abstract RaceScore Score(Race race, IReadOnlyList<EpisodeResult> hidden);

    public abstract RaceColumns Columns { get; }
}
