namespace RlLab.Leaderboard.Races;

/// <summary>
/// The race plug-ins, one line each: adding a race is its class plus a line in <see cref="Plugins"/>
/// (docs/leaderboard.md shows how, with driving-distance). Tests make smaller races (fewer hidden seeds, one lap).
/// </summary>
public static class RaceCatalog
{
    static readonly IReadOnlyList<IRace> Plugins =
    [
        new DrivingTimeTrialRace(),
        new DrivingDistanceRace(),
        new DrivingTrafficRace(),
        new CartPoleRace(),
    ];

    /// <summary>The head-to-head races (leagues), kept apart so that the time trials' path never meets them.</summary>
    static readonly IReadOnlyList<IHeadToHeadRace> HeadToHeadPlugins =
    [
        new PongLeagueRace(),
    ];

    /// <summary>Every race's name, the time trials first: "a, b or c", for help texts.</summary>
    public static string KindsText
    {
        get
        {
            string[] kinds = [.. Plugins.Select(p => p.Kind), .. HeadToHeadPlugins.Select(p => p.Kind)];
            return kinds.Length == 1 ? kinds[0] : $"{string.Join(", ", kinds[..^1])} or {kinds[^1]}";
        }
    }

    public static bool IsHeadToHead(string kind) => HeadToHeadPlugins.Any(p => p.Kind == kind);

    public static IHeadToHeadRace HeadToHead(string kind) =>
        HeadToHeadPlugins.FirstOrDefault(p => p.Kind == kind) ?? throw new InvalidDataException($"no head-to-head race plug-in '{kind}' (known: {string.Join(", ", HeadToHeadPlugins.Select(p => p.Kind))})");

    /// <summary>Every registered league as a server offers it, <paramref name="games"/> games a match.</summary>
    public static IReadOnlyList<Race> Leagues(int games = 4) => [.. HeadToHeadPlugins.Select(p => p.Define(games))];

    /// <summary>pong-league; tests play short games (<paramref name="pointsToWin"/>).</summary>
    public static Race PongLeague(int games = 4, int? pointsToWin = null) =>
        new PongLeagueRace().Define(games) is var race && pointsToWin is int p
            ? race with { World = new Dictionary<string, string> { ["points_to_win"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture) } }
            : race;

    public static IRace Rules(string kind) =>
        Plugins.FirstOrDefault(p => p.Kind == kind) ?? throw new InvalidDataException($"no race plug-in '{kind}' (known: {string.Join(", ", Plugins.Select(p => p.Kind))})");

    /// <summary>Every registered race as a server offers it.</summary>
    public static IReadOnlyList<Race> Default(int hidden = 20) => [.. Plugins.Select(p => p.Define(hidden))];

    public static Race DrivingTimeTrial(int hidden = 20, int laps = 3, int maxSteps = 30_000) =>
        new DrivingTimeTrialRace().Define(hidden) with { Laps = laps, MaxSteps = maxSteps };

    public static Race DrivingDistance(int hidden = 20, int laps = 3, int maxSteps = 30_000) =>
        new DrivingDistanceRace().Define(hidden) with { Laps = laps, MaxSteps = maxSteps };

    public static Race CartPole(int hidden = 20) => new CartPoleRace().Define(hidden);
}
