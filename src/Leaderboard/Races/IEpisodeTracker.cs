using RlLab.Envs;

namespace RlLab.Leaderboard.Races;

/// <summary>A race's view of one episode while it is played.</summary>
public interface IEpisodeTracker
{
    /// <summary>After each step; true when the race's goal is reached and the episode stops as "finished".</summary>
    bool AfterStep(in StepResult step);

    /// <summary>The episode's own numbers (by the keys of the race's columns) and series, once it has ended.</summary>
    (IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, double[]>? Series) Finish(bool terminated);

    /// <summary>The replay, when one was asked for and the race draws one.</summary>
    Replay? Replay { get; }
}

/// <summary>For races whose score is the return alone: no numbers of its own, no replay.</summary>
public sealed class ReturnOnlyTracker : IEpisodeTracker
{
    public static ReturnOnlyTracker Instance { get; } = new();

    public bool AfterStep(in StepResult step) => false;

    public (IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, double[]>? Series) Finish(bool terminated) =>
        (new Dictionary<string, double>(), null);

    public Replay? Replay => null;
}
