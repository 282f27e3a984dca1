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
        new CartPoleRace(),
    ];

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
