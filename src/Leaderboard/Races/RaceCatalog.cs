namespace RlLab.Leaderboard.Races;

/// <summary>The races a server offers. Tests make smaller ones (fewer hidden seeds, one lap).</summary>
public static class RaceCatalog
{
    /// <summary>driving-time-trial in the env's default world: the MIT car and crash rule, the default track generator.</summary>
    public static Race DrivingTimeTrial(int hidden = 20, int laps = 3, int maxSteps = 30_000) => new(
        "driving-time-trial", "Driving time trial", RaceKind.TimeTrial, "Driving", new Dictionary<string, string>(),
        [10000, 10001, 10002], hidden, laps, maxSteps);

    public static Race CartPole(int hidden = 20) => new(
        "cartpole", "CartPole balance", RaceKind.MeanReturn, "CartPole", new Dictionary<string, string>(), [0, 1, 2], hidden, 1, 500);

    public static IReadOnlyList<Race> Default(int hidden = 20) => [DrivingTimeTrial(hidden), CartPole(hidden)];
}
