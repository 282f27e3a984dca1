using RlLab.Envs;

namespace RlLab.Leaderboard.Races;

/// <summary>cartpole: one episode per hidden seed, up to 500 steps; ranked by the mean return.</summary>
public sealed class CartPoleRace : IRace
{
    public string Kind => "cartpole";

    public string EpisodeNoun => "Episode";

    public Race Define(int hiddenSeeds) => new(Kind, "CartPole balance", Kind, "CartPole", new Dictionary<string, string>(),
        [0, 1, 2], hiddenSeeds, Laps: 1, MaxSteps: 500);

    public IReadOnlyDictionary<string, string> SeedOptions(int seed) => new Dictionary<string, string>();

    public IEpisodeTracker Track(Race race, IEnv env, bool record) => ReturnOnlyTracker.Instance;

    public RaceScore Score(Race race, IReadOnlyList<EpisodeResult> hidden) =>
        new(hidden.Average(e => e.Return), null, new Dictionary<string, double>());

    public RaceColumns Columns { get; } = new(new RaceColumn("score", "Mean return", "", "F1"), null, [], []);
}
