namespace RlLab.Leaderboard.Races;

/// <summary>
/// One episode as the evaluation child reports it. Hidden episodes carry only their index: the
/// seed never leaves the server process in a response.
/// </summary>
public sealed record EpisodeResult(
    int Index,
    double Return,
    int Steps,
    double Distance,
    double TrackLength,
    int Laps,
    IReadOnlyList<double> LapTimes,
    string EndReason,
    bool Crashed);

/// <summary>The practice episode drawn on the submission page: the centreline and the car's poses (x, y, heading).</summary>
public sealed record Replay(double Width, IReadOnlyList<double[]> Track, IReadOnlyList<double[]> Poses, double Dt);

/// <summary>What the child prints on stdout (one JSON document).</summary>
public sealed record EvaluationOutput(string Race, IReadOnlyList<EpisodeResult> Episodes, Replay? Replay);

/// <summary>What the server writes to the child's stdin: the race and its seeds (kept off the command line).</summary>
public sealed record EvaluationInput(Race Race, int Practice, IReadOnlyList<int> Hidden);
