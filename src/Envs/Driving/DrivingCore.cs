using RlLab.Envs.Spaces;
using RlLab.Sim;
using RlLab.Sim.Rules;
using RlLab.Sim.Sensors;
using RlLab.Sim.Tracks;
using RlLab.Sim.Traffic;
using RlLab.Sim.Vehicles;

namespace RlLab.Envs.Driving;

/// <summary>
/// The part of the driving env shared by its float (state, lidar) and byte (topdown, camera)
/// variants: the world, the action mapping, the crash rule, progress and laps, the reward, and the
/// episode report. Everything here is public and read-only for viewers and tests.
/// </summary>
public sealed class DrivingCore
{
    static readonly float[] DiscreteCurvatures = [-1f, -0.5f, 0f, 0.5f, 1f];

    Rng _rng;
    CrashCause _crash;
    bool _timedOut;

    public DrivingCore(DrivingConfig config)
    {
        Config = config;
        Track = PickTrack(0);
        World = new World(Track);
        // The MIT car itself unless a speed limit is set, so the default path keeps its very object.
        VehicleParams car = config.MaxSpeed == VehicleParams.Mit.MaxSpeed ? VehicleParams.Mit : VehicleParams.Mit with { MaxSpeed = config.MaxSpeed };
        Car = World.AddCar(car, config.Dynamics == DynamicsMode.Dynamic ? DynamicBicycle.Instance : KinematicBicycle.Instance);
        _rng = new Rng(0);
        if (config.Traffic.HasObjects) World.Traffic = new Traffic(config.Traffic);
        ActionSpace = config.Action switch
        {
            ActionMode.SteerThrottle => Box.Uniform(-1, 1, [2]),
            ActionMode.Discrete => new Discrete(DiscreteCurvatures.Length),
            ActionMode.LaneSpeed => new Discrete(LaneSpeedAction.Count(config.Traffic.Lanes)),
            _ => Box.Uniform((float)-config.MaxActionCurvature, (float)config.MaxActionCurvature, [1]),
        };
    }

    public DrivingConfig Config { get; }
    public Space ActionSpace { get; }
    public World World { get; }
    /// <summary>The ego car (car 0 of the world).</summary>
    public Car Car { get; }
    /// <summary>The current track (changes at reset when several seeds are configured).</summary>
    public Track Track { get; private set; }
    /// <summary>The crash rule in force (the offset limit follows the track's width unless set).</summary>
    public CrashRule Rule { get; private set; } = new();
    public LapCounter Laps { get; } = new();
    public Infractions Infractions { get; } = new();
    /// <summary>The other cars and the obstacles; null on an empty road.</summary>
    public Traffic? Traffic => World.Traffic;
    /// <summary>The fraction of the route (one lap) driven, in [0, 1].</summary>
    public double RouteCompletion => Math.Min(1, Laps.MaxProgress / Track.Length);
    /// <summary>The CARLA-style driving score so far: route completion × the infractions' penalty.</summary>
    public double DrivingScore => Sim.Rules.DrivingScore.Score(RouteCompletion, Infractions.Penalty);
    /// <summary>
    /// The ego car's body as a box after <see cref="Reset"/>, <see cref="PlaceCar"/> and each <see cref="Step"/>
    /// (with traffic only): the collision test and the object sensor share its one sine and cosine.
    /// </summary>
    public OrientedBox CarBox { get; private set; }

    /// <summary>The car's projection onto the centreline after the last step.</summary>
    public TrackProjection Projection { get; private set; }
    public double HeadingError { get; private set; }
    public int Steps { get; private set; }
    /// <summary>Simulated seconds in this episode.</summary>
    public double Time => World.Time;
    public CrashCause Crash => _crash;
    public ref Rng Rng => ref _rng;

    /// <summary>Starts an episode: picks the track, places the car near the start line with a little noise.</summary>
    public void Reset(int? seed)
    {
        if (seed is int s) _rng = new Rng((ulong)(uint)s);
        int trackIndex = Config.TrackSeeds.Count > 1 ? _rng.NextInt(Config.TrackSeeds.Count) : 0;
        Track = PickTrack(trackIndex);
        World.Track = Track;
        Rule = new CrashRule(Config.MaxOffset ?? Track.HalfWidth, Config.MaxHeadingError);
        double offset = _rng.Uniform(-Config.StartOffsetNoise, Config.StartOffsetNoise);
        double heading = _rng.Uniform(-Config.StartHeadingNoise, Config.StartHeadingNoise);
        // With several lanes the car starts in the rightmost; one lane leaves the offset untouched.
        if (Config.Traffic.Lanes > 1) offset += TrafficOptions.LaneCentre(Track.Width, Config.Traffic.Lanes, 0);
        World.Place(Car, 0, offset, heading, Config.Speed);
        World.ResetTime();
        Steps = 0;
        _crash = CrashCause.None;
        _timedOut = false;
        Projection = Track.Project(Car.State.X, Car.State.Y);
        HeadingError = Projection.HeadingError(Car.State.Heading);
        Laps.Reset(Track.Length, Projection.S);
        Infractions.Reset();
        // Drawn last, and only with traffic, so an empty road keeps today's random stream.
        if (Traffic is Traffic traffic)
        {
            ulong trafficSeed = _rng.NextUInt64();
            UpdateEgo();
            traffic.Reset(Track, trafficSeed, Ego);
        }
    }

    /// <summary>The ego car as the traffic last saw it, after <see cref="Reset"/> and each <see cref="Step"/> (with traffic only).</summary>
    public Traffic.EgoView Ego { get; private set; }

    /// <summary>
    /// The ego car's box and its view for the traffic (the body centre's arc position and offset, its
    /// speed): the heading's vector is the road's direction turned by the heading error, so a usual step
    /// runs no angle function (the error is small; the road's turn between two points too).
    /// </summary>
    void UpdateEgo()
    {
        var (sinError, cosError) = Angles.SmallSinCos(HeadingError);
        var (roadCos, roadSin) = Track.DirectionAt(Projection);
        double cos = roadCos * cosError - roadSin * sinError, sin = roadSin * cosError + roadCos * sinError;
        VehicleParams p = Car.Params;
        double half = p.WheelBase / 2;
        CarBox = new OrientedBox(Car.State.X + cos * half, Car.State.Y + sin * half, cos, sin, p.Length / 2, p.Width / 2);
        Ego = new Traffic.EgoView(Track.WrapS(Projection.S + half * cosError), Projection.Offset + half * sinError, Car.State.Speed, p.Length, p.Width);
    }

    /// <summary>
    /// Moves the ego car to arc position s with an offset and heading error (for tests, viewers and
    /// curricula). Progress and laps count from the new position.
    /// </summary>
    public void PlaceCar(double s, double offset = 0, double headingError = 0)
    {
        World.Place(Car, s, offset, headingError, Config.Speed);
        Projection = Track.Project(Car.State.X, Car.State.Y);
        HeadingError = Projection.HeadingError(Car.State.Heading);
        Laps.Reset(Track.Length, Projection.S, World.Time);
        Infractions.Reset();
        if (Traffic is not null) UpdateEgo();
    }

    Track PickTrack(int index) => Config.TrackFile is string file
        ? TrackCache.Load(file)
        : TrackCache.Get(Config.TrackSeeds[index], Config.TrackGen);

    /// <summary>Applies the action, advances the world and the rules; returns reward and flags.</summary>
    public StepResult Step(ReadOnlySpan<float> action)
    {
        VehicleParams p = Car.Params;
        switch (Config.Action)
        {
            case ActionMode.Curvature:
            {
                double k = Math.Clamp(Finite(action[0]), -Config.MaxActionCurvature, Config.MaxActionCurvature);
                Car.Controls = new Controls(Controls.SteerForCurvature(k, p), CruiseControl(p));
                break;
            }
            case ActionMode.Discrete:
            {
                int a = Math.Clamp((int)Finite(action[0]), 0, DiscreteCurvatures.Length - 1);
                Car.Controls = new Controls(Controls.SteerForCurvature(DiscreteCurvatures[a] * Config.MaxActionCurvature, p), CruiseControl(p));
                break;
            }
            case ActionMode.LaneSpeed:
                Car.Controls = LaneSpeedAction.Control(this, action[0]);
                break;
            default:
                Car.Controls = new Controls(Math.Clamp(Finite(action[0]), -1, 1) * p.MaxSteer,
                    Controls.AccelerationForThrottle(Finite(action[1]), p));
                break;
        }
        World.Step(Config.Dt);
        Steps++;

        Projection = Track.ProjectFrom(Projection.Segment, Car.State.X, Car.State.Y);
        HeadingError = Projection.HeadingError(Car.State.Heading);
        double gained = Laps.Update(Projection.S, World.Time);
        _crash = Rule.Check(Projection.Offset, HeadingError);
        if (Traffic is Traffic traffic)
        {
            UpdateEgo();
            traffic.Step(Config.Dt, Ego);
            int hit = traffic.FirstOverlap(CarBox);
            // A collision outranks the crash rule as the end reason: it is the worse event.
            if (hit >= 0) _crash = traffic.Objects[hit].IsStatic ? CrashCause.CollisionStatic : CrashCause.CollisionVehicle;
        }
        Infractions.Update(Projection.Offset, Track.HalfWidth, HeadingError, _crash, inRoute: Laps.MaxProgress < Track.Length); // RouteCompletion < 1 without its division
        bool terminated = _crash != CrashCause.None;
        _timedOut = !terminated && Config.MaxSteps > 0 && Steps >= Config.MaxSteps;

        double reward = Config.Reward switch
        {
            RewardMode.Progress => gained,
            // One lane: from the road's centre over the crash limit, as always; more: from the nearest lane's centre.
            RewardMode.LaneCentre => gained * Math.Max(0, 1 - (Config.Traffic.Lanes == 1
                ? Math.Abs(Projection.Offset) / Rule.MaxOffset
                : TrafficOptions.FromLaneCentre(Track.Width, Config.Traffic.Lanes, Projection.Offset))),
            _ => terminated ? 0 : 1,
        };
        if (terminated) reward -= Config.CrashPenalty;
        return new StepResult((float)reward, terminated, _timedOut);
    }

    /// <summary>Without a throttle the speed is held at <see cref="DrivingConfig.Speed"/> (exactly, for the kinematic model).</summary>
    double CruiseControl(VehicleParams p) => Math.Clamp((Config.Speed - Car.State.Speed) / Config.Dt, -p.MaxBrake, p.MaxAccel);

    /// <summary>An action value, NaN and infinities read as 0 (every action mode's rule).</summary>
    internal static double Finite(double v) => double.IsFinite(v) ? v : 0;

    public void FillEpisodeInfo(ref EpisodeInfo info)
    {
        info.AddMetric("distance", Laps.MaxProgress);
        info.AddMetric("laps", Laps.Laps);
        info.AddMetric("best_lap_time", Laps.BestLapTime);
        info.AddMetric("route_completion", RouteCompletion);
        info.AddMetric("driving_score", DrivingScore);
        info.AddMetric("collisions_vehicle", Infractions.CollisionsVehicle);
        info.AddMetric("collisions_static", Infractions.CollisionsStatic);
        info.AddMetric("offroad", Infractions.Offroad);
        info.AddMetric("wrong_way", Infractions.WrongWay);
        info.EndReason = CrashRule.Describe(_crash) ?? (_timedOut ? "time_limit" : info.EndReason);
        info.Track = Track.Name;
    }

    /// <summary>What an evaluation of a driving env reports beside the return (eval.json's mean_distance and lap_completion_rate).</summary>
    public static IReadOnlyList<MetricSummary> EvaluationSummaries { get; } =
    [
        new("mean_distance", "distance", MetricAggregate.Mean, "mean distance", "{0:F1} m"),
        new("lap_completion_rate", "laps", MetricAggregate.FractionAtLeastOne, "lap completion", "{0:P0}"),
        new("mean_route_completion", "route_completion", MetricAggregate.Mean, "route completion", "{0:P0}"),
        new("mean_driving_score", "driving_score", MetricAggregate.Mean, "driving score", "{0:F3}"),
        new("vehicle_collisions_per_km", "collisions_vehicle", MetricAggregate.RatioOfSums, "vehicle collisions", "{0:F2}/km", Per: "distance", Scale: 1000),
        new("static_collisions_per_km", "collisions_static", MetricAggregate.RatioOfSums, "static collisions", "{0:F2}/km", Per: "distance", Scale: 1000),
    ];
}
