namespace RlLab.Leaderboard.Races;

/// <summary>
/// One episode as the evaluation child reports it. Hidden episodes carry only their index: the
/// seed never leaves the server process in a response. Practice episodes have negative indices
/// (-1 for the first practice seed). <see cref="Metrics"/> and <see cref="Series"/> are the race's
/// own numbers (stored as JSON, shown by the race's columns).
/// </summary>
public sealed record EpisodeResult(
    int Index,
    double Return,
    int Steps,
    string End,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, double[]>? Series = null)
{
    public double Metric(string key) => Metrics.TryGetValue(key, out double v) ? v : double.NaN;

    /// <summary>The name a page shows: "Practice N" or "Track N" (hidden, by index: never the seed).</summary>
    public string Label(string hiddenNoun) => Index < 0 ? $"Practice {-Index}" : $"{hiddenNoun} {Index + 1}";
}

/// <summary>A practice episode drawn on the submission page: the centreline and the agent's poses (x, y, heading).</summary>
public sealed record Replay(double Width, IReadOnlyList<double[]> Track, IReadOnlyList<double[]> Poses, double Dt);

/// <summary>What the child prints on stdout (one JSON document): every episode, and the replays of the practice ones in order.</summary>
public sealed record EvaluationOutput(string Race, IReadOnlyList<EpisodeResult> Episodes, IReadOnlyList<Replay>? Replays);

/// <summary>What the server writes to the child's stdin: the race (with its public practice seeds) and the hidden seeds, kept off the command line.</summary>
public sealed record EvaluationInput(Race Race, IReadOnlyList<int> Hidden);
