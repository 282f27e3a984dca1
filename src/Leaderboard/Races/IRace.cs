using RlLab.Envs;

namespace RlLab.Leaderboard.Races;

/// <summary>
/// A race as a plug-in: everything that differs between races lives in one class that implements
/// this, registered by one line in <see cref="RaceCatalog"/>. The store, the queue, the evaluation
/// child, the pages, the API and `rllab standings` read a race only through it.
/// </summary>
/// <remarks>
/// Episodes are played by one generic loop (<see cref="Evaluation.RaceRunner"/>) with the agent's
/// deterministic action; the race watches each one through its <see cref="IEpisodeTracker"/>.
/// A head-to-head race (two agents in one env, a league) is an <see cref="IHeadToHeadRace"/> instead.
/// </remarks>
public interface IRace
{
    /// <summary>The <see cref="Race.Kind"/> this plug-in plays, e.g. <c>driving-time-trial</c>.</summary>
    string Kind { get; }

    /// <summary>What one hidden episode is called on the pages: "Track" (Track 1..N), "Episode".</summary>
    string EpisodeNoun { get; }

    /// <summary>The race as a server offers it by default, with <paramref name="hiddenSeeds"/> hidden episodes.</summary>
    Race Define(int hiddenSeeds);

    /// <summary>Options that one seed sets on top of the race's world (the track, for a driving race).</summary>
    IReadOnlyDictionary<string, string> SeedOptions(int seed);

    /// <summary>Watches one episode in the evaluation child; <paramref name="record"/>: keep a replay.</summary>
    IEpisodeTracker Track(Race race, IEnv env, bool record);

    /// <summary>The race's result from its hidden episodes: the ranking keys and the summary the page shows.</summary>
    RaceScore Score(Race race, IReadOnlyList<EpisodeResult> hidden);

    /// <summary>How the score and the race's own numbers are shown (standings and each episode).</summary>
    RaceColumns Columns { get; }
}
