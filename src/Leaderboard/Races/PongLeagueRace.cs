using System.Globalization;
using RlLab.Agents.Config;
using RlLab.Agents.Matches;
using RlLab.Agents.Policies;
using RlLab.Envs.Registry;
using RlLab.Sim.Pong;

namespace RlLab.Leaderboard.Races;

/// <summary>
/// pong-league: every match is <see cref="Race.HiddenSeeds"/> games of Pong (pairs on one seed, sides swapped,
/// <see cref="PongMatch"/>), scored by the points summed over its games; ratings come from the match log
/// (League/LeagueTable). The world is Pong's defaults plus <see cref="Race.World"/>; an agent keeps its
/// observation kind, but both sides of a match must step the game alike, so the league fixes the
/// stepping: frameskip 4 and max_pool true, as Atari and the built-in recipes do.
/// </summary>
public sealed class PongLeagueRace : IHeadToHeadRace
{
    public const int Frameskip = 4;
    public const bool MaxPool = true;

    public string Kind => "pong-league";

    public Race Define(int games) => new(Kind, "Pong league", Kind, "Pong", new Dictionary<string, string>(),
        [], games, Laps: 1, MaxSteps: 108_000 / Frameskip);

    public string? RefuseInterface(EnvConfig agent)
    {
        var options = new EnvOptions(agent.Options);
        int frameskip;
        bool maxPool;
        try
        {
            frameskip = options.GetInt("frameskip", Frameskip, 1, 64);
            maxPool = options.GetBool("max_pool", MaxPool);
        }
        catch (EnvOptionException e) { return $"env option '{e.Key}': {e.Message}"; }
        if (frameskip != Frameskip) return $"frameskip: the league plays frameskip {Frameskip}; this agent was trained with {frameskip}";
        if (maxPool != MaxPool) return $"max_pool: the league plays max_pool {(MaxPool ? "true" : "false")}; this agent was trained with {(maxPool ? "true" : "false")}";
        return null;
    }

    public EnvConfig EnvFor(Race race, EnvConfig agent)
    {
        var options = World(race);
        foreach (var (key, value) in EnvRegistry.Default.InterfaceOf(race.EnvId, agent.Options)) options[key] = value;
        WrapperConfig[] wrappers = [.. agent.Wrappers.Where(w => w.Name != WrapperSpec.TimeLimit)];
        return agent with { Id = race.EnvId, NumEnvs = 1, Threads = 1, Options = options, Wrappers = wrappers };
    }

    public MatchOutput Play(Race race, LoadedPolicy first, LoadedPolicy second, int seed, TimeSpan thinkLimit)
    {
        var frames = new List<int[]>();
        var games = new List<PongGameResult>();
        MatchForfeit? forfeit = null;
        try
        {
            PongMatch.Play(first, second, race.HiddenSeeds, seed, World(race), games.Add, thinkLimit,
                (k, g) => { if (k == 0) frames.Add([g.BallX, g.BallY, g.AgentY, g.OpponentY, g.AgentScore, g.OpponentScore]); });
        }
        catch (MatchAgentFailedException e) { forfeit = new MatchForfeit(e.First, e.Message); }
        PongReplay? replay = frames.Count == 0 ? null : new PongReplay(seed, FirstOnRight: true, PongLayout.Width, PongLayout.Height, frames);
        return new MatchOutput(games, forfeit, replay);
    }

    /// <summary>The league's world as env options: the race's own, then the stepping it fixes.</summary>
    static Dictionary<string, object?> World(Race race)
    {
        var world = race.World.ToDictionary(kv => kv.Key, kv => (object?)kv.Value, StringComparer.Ordinal);
        world["frameskip"] = Frameskip.ToString(CultureInfo.InvariantCulture);
        world["max_pool"] = MaxPool ? "true" : "false";
        world["max_frames"] = (race.MaxSteps * Frameskip).ToString(CultureInfo.InvariantCulture);
        return world;
    }
}
