namespace RlLab.Leaderboard.Races;

/// <summary>
/// One race: the env it needs, the option overrides it imposes on every agent (the tracks and the
/// rules; the agent keeps its own observation and action options), the public practice seeds and
/// how many hidden seeds decide the score.
/// </summary>
public sealed record Race(
    string Name,
    string Title,
    RaceKind Kind,
    string EnvId,
    IReadOnlyDictionary<string, string?> Overrides,
    IReadOnlyList<int> PracticeSeeds,
    int HiddenSeeds,
    int Laps,
    int MaxSteps)
{
    /// <summary>The option overrides for one episode on the given seed.</summary>
    public Dictionary<string, object?> OverridesFor(int seed)
    {
        var o = Overrides.ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
        if (Kind == RaceKind.TimeTrial)
        {
            o["track"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
            o["tracks"] = null;
        }
        o["max_steps"] = MaxSteps.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return o;
    }
}
