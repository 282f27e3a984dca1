using RlLab.Envs;
using RlLab.Envs.Wrappers;
using RlLab.Envs.Driving;

namespace RlLab.Leaderboard.Races;

/// <summary>
/// Watches a driving episode for the driving races: laps and their times, the distance driven without a
/// crash (the MIT metric: the farthest progress along the centreline), and the car's path for a replay.
/// The episode finishes after <c>race.Laps</c> laps.
/// </summary>
public sealed class DrivingTracker : IEpisodeTracker
{
    const int MaxPoses = 20_000;

    readonly DrivingCore _core;
    readonly int _lapsToFinish;
    readonly List<double[]>? _poses;
    readonly List<double> _lapTimes = [];
    double _lastLapEnd;

    public DrivingTracker(Race race, IEnv env, bool record)
    {
        _core = env.Find<IDrivingEnv>()?.Core ?? throw new InvalidDataException($"race {race.Name} needs a driving env");
        _lapsToFinish = race.Laps;
        if (record) _poses = [Pose()];
    }

    public bool AfterStep(in StepResult step)
    {
        if (_poses is { Count: < MaxPoses }) _poses.Add(Pose());
        if (_core.Laps.Laps > _lapTimes.Count)
        {
            _lapTimes.Add(_core.Time - _lastLapEnd);
            _lastLapEnd = _core.Time;
        }
        return _lapTimes.Count >= _lapsToFinish;
    }

    public double TrackLength => _core.Track.Length;

    /// <summary>The farthest progress along the centreline, m, capped at the laps the race asks for.</summary>
    public double Distance => double.IsNaN(_core.Laps.MaxProgress) ? 0 : Math.Min(_core.Laps.MaxProgress, _lapsToFinish * TrackLength);

    public (IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, double[]>? Series) Finish(bool terminated)
    {
        var metrics = new Dictionary<string, double>
        {
            [DrivingKeys.Distance] = Distance,
            [DrivingKeys.Completed] = TrackLength <= 0 ? 0 : Math.Clamp(Distance / (_lapsToFinish * TrackLength), 0, 1),
            [DrivingKeys.Laps] = _lapTimes.Count,
            [DrivingKeys.Crashed] = terminated ? 1 : 0,
            // Traffic (all 1 or 0 on an empty road): the CARLA-style score of the route and its infractions.
            [DrivingKeys.DrivingScore] = _core.DrivingScore,
            [DrivingKeys.Collisions] = _core.Infractions.CollisionsVehicle + _core.Infractions.CollisionsStatic,
            [DrivingKeys.Offroad] = _core.Infractions.Offroad,
        };
        return (metrics, new Dictionary<string, double[]> { [DrivingKeys.LapTimes] = [.. _lapTimes] });
    }

    public Replay? Replay => _poses is null ? null : new Replay(_core.Track.Width, Centreline(), _poses, _core.Config.Dt);

    double[] Pose() => [Math.Round(_core.Car.State.X, 3), Math.Round(_core.Car.State.Y, 3), Math.Round(_core.Car.State.Heading, 4)];

    List<double[]> Centreline()
    {
        var track = new List<double[]>(_core.Track.Count);
        for (int i = 0; i < _core.Track.Count; i++) track.Add([Math.Round(_core.Track.X[i], 3), Math.Round(_core.Track.Y[i], 3)]);
        return track;
    }
}

/// <summary>The metric keys of the driving races (stored in the episodes' JSON and the standings' summary).</summary>
public static class DrivingKeys
{
    public const string Distance = "distance", Completed = "completed", Laps = "laps", Crashed = "crashed", LapTimes = "lap_times",
        LapTime = "lap_time", MitDistance = "mit_distance", DrivingScore = "driving_score", Collisions = "collisions", Offroad = "offroad";

    /// <summary>The mean of a metric over episodes.</summary>
    public static double Mean(IReadOnlyList<EpisodeResult> episodes, string key) => episodes.Average(e => e.Metric(key));
}
