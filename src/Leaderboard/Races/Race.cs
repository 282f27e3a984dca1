using System.Globalization;
using RlLab.Agents.Config;
using RlLab.Envs.Registry;

namespace RlLab.Leaderboard.Races;

/// <summary>
/// One race as a server offers it (serialisable: it travels to the evaluation child and the cluster's
/// workers); <see cref="Kind"/> names the plug-in that plays and scores it (<see cref="Rules"/>). The env it needs, its world (the env's defaults plus <see cref="World"/>; a bundle's own
/// world options are ignored), the public practice seeds and how many hidden seeds decide the score.
/// The agent keeps only its interface: the options the env declares as <see cref="OptionRole.Interface"/>
/// and its observation wrappers.
/// </summary>
public sealed record Race(
    string Name,
    string Title,
    string Kind,
    string EnvId,
    IReadOnlyDictionary<string, string> World,
    IReadOnlyList<int> PracticeSeeds,
    int HiddenSeeds,
    int Laps,
    int MaxSteps)
{
    /// <summary>The plug-in that plays and scores this race.</summary>
    public IRace Rules() => RaceCatalog.Rules(Kind);

    /// <summary>A league: its agents play each other (<see cref="League"/>), not episodes alone.</summary>
    public bool IsHeadToHead => RaceCatalog.IsHeadToHead(Kind);

    /// <summary>The head-to-head plug-in of a league.</summary>
    public IHeadToHeadRace League() => RaceCatalog.HeadToHead(Kind);

    /// <summary>The env an agent plays on one seed: its interface, the race's world, this seed's track and the episode cap.</summary>
    public EnvConfig EnvFor(EnvConfig agent, int seed)
    {
        var options = InterfaceOf(agent).ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var (key, value) in World) options[key] = value;
        foreach (var (key, value) in Rules().SeedOptions(seed)) options[key] = value;
        options[EnvStack.MaxStepsOption] = MaxSteps.ToString(CultureInfo.InvariantCulture);
        // The episode cap is the race's: a bundle's time_limit wrapper is dropped with its world options.
        WrapperConfig[] wrappers = [.. agent.Wrappers.Where(w => w.Name != WrapperSpec.TimeLimit)];
        return agent with { Id = EnvId, NumEnvs = 1, Threads = 1, Options = options, Wrappers = wrappers };
    }

    /// <summary>The world options a bundle asked for, which this race replaces (shown to the user at upload).</summary>
    public IReadOnlyList<string> IgnoredWorld(EnvConfig agent)
    {
        var keep = InterfaceOf(agent);
        return [.. agent.Options.Keys.Where(k => !keep.ContainsKey(k)).Order(StringComparer.Ordinal)];
    }

    IReadOnlyDictionary<string, object?> InterfaceOf(EnvConfig agent) => EnvRegistry.Default.InterfaceOf(EnvId, agent.Options);
}
