using RlLab.Agents.Config;
using RlLab.Agents.Policies;

namespace RlLab.Leaderboard.Races;

/// <summary>
/// A head-to-head race (a league): submissions play matches against each other instead of episodes
/// alone, so it is a plug-in of its own beside <see cref="IRace"/>, registered in <see cref="RaceCatalog"/>.
/// The time-trial path (<see cref="IRace"/>, the job queue, the standings) never sees it; the league's
/// scheduler, match child and pages read a league only through this.
/// </summary>
public interface IHeadToHeadRace
{
    /// <summary>The <see cref="Race.Kind"/> this plug-in plays, e.g. <c>pong-league</c>.</summary>
    string Kind { get; }

    /// <summary>The league as a server offers it by default, <paramref name="games"/> games a match (<see cref="Race.HiddenSeeds"/>).</summary>
    Race Define(int games);

    /// <summary>Why an agent cannot play in this league's world, naming the option (null: it can), checked at upload.</summary>
    string? RefuseInterface(EnvConfig agent);

    /// <summary>The env an agent is checked against at upload: its interface in the league's world.</summary>
    EnvConfig EnvFor(Race race, EnvConfig agent);

    /// <summary>
    /// Plays one match in the evaluation child: <see cref="Race.HiddenSeeds"/> games from <paramref name="seed"/>,
    /// each agent with <paramref name="thinkLimit"/> of policy time. An agent's failure ends the match as its forfeit.
    /// </summary>
    MatchOutput Play(Race race, LoadedPolicy first, LoadedPolicy second, int seed, TimeSpan thinkLimit);
}
