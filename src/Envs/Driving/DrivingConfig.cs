using RlLab.Envs.Registry;
using RlLab.Sim.Sensors;
using RlLab.Sim.Tracks;
using RlLab.Sim.Traffic;
using RlLab.Sim.Vehicles;

namespace RlLab.Envs.Driving;

public enum ObservationMode { State, Lidar, TopDown, Camera }
public enum ActionMode { Curvature, SteerThrottle, Discrete, LaneSpeed }
public enum RewardMode { Survival, Progress, LaneCentre }
public enum DynamicsMode { Kinematic, Dynamic }

/// <summary>Domain randomisation of the image observations, drawn at each reset (noise: each frame).</summary>
/// <param name="Colors">Jitter the road, grass and sky colours.</param>
/// <param name="Brightness">Scale all colours by a factor in [1 − b, 1 + b].</param>
/// <param name="Noise">Add uniform pixel noise in [−n, n] (0–255 units) to every frame.</param>
public sealed record RandomizeOptions(bool Colors = false, double Brightness = 0, int Noise = 0)
{
    public bool Any => Colors || Brightness > 0 || Noise > 0;
}

/// <summary>
/// Every option of the <c>Driving</c> env, read from the experiment's <c>env.options</c>.
/// Defaults follow the MIT lab (4 m lane, π/10 heading limit, dt = 1/15 s, survival reward).
/// </summary>
public sealed record DrivingConfig
{
    public ObservationMode Observation { get; init; } = ObservationMode.State;
    // Images
    public int Width { get; init; } = 64;
    public int Height { get; init; } = 64;
    public int Channels { get; init; } = 3;
    /// <summary>Horizontal field of view in degrees (camera: 90; lidar: 180).</summary>
    public double FovDegrees { get; init; } = 90;
    public double CameraHeight { get; init; } = 1.5;
    /// <summary>Downward camera tilt in degrees.</summary>
    public double CameraPitchDegrees { get; init; } = 15;
    public double MetersPerPixel { get; init; } = 0.5;
    /// <summary>Camera: the part of the Width × Height frame the policy sees, and at what size; null: the whole frame.</summary>
    public CameraRoi? Roi { get; init; }
    /// <summary>The observation's width: the ROI's output width, else <see cref="Width"/>.</summary>
    public int ObservationWidth => Roi?.OutputWidth ?? Width;
    /// <summary>The observation's height: the ROI's output height, else <see cref="Height"/>.</summary>
    public int ObservationHeight => Roi?.OutputHeight ?? Height;
    public RandomizeOptions Randomize { get; init; } = new();
    // Lidar and state
    public int Rays { get; init; } = 32;
    public double MaxRange { get; init; } = 30;
    public int CurvatureSamples { get; init; } = 6;
    public double Lookahead { get; init; } = 30;
    /// <summary>State: the nearest K other cars and obstacles appended to the vector (0: none).</summary>
    public int NearestObjects { get; init; }
    /// <summary>State: objects farther than this (m) from the car's centre are left out of the nearest K.</summary>
    public double ObjectsRange { get; init; } = 50;
    /// <summary>State: the nearest objects in the car's frame (false) or along and across the road (true).</summary>
    public bool ObjectsAlongRoad { get; init; }
    // Traffic
    /// <summary>Lanes, other cars and obstacles; the default is today's empty one-lane road.</summary>
    public TrafficOptions Traffic { get; init; } = TrafficOptions.None;
    // Car and control
    public ActionMode Action { get; init; } = ActionMode.Curvature;
    /// <summary>Speed (m/s): fixed in curvature and discrete modes, the start speed with a throttle or lane_speed.</summary>
    public double Speed { get; init; } = 10;
    /// <summary>The car's top speed (m/s): a speed limiter for the throttle; the MIT car's 30 by default.</summary>
    public double MaxSpeed { get; init; } = VehicleParams.Mit.MaxSpeed;
    public DynamicsMode Dynamics { get; init; } = DynamicsMode.Kinematic;
    /// <summary>The curvature action's bound (1/m); MIT's policy outputs tanh/8.</summary>
    public double MaxActionCurvature { get; init; } = 1.0 / 8;
    public double Dt { get; init; } = 1.0 / 15;
    // Rules and reward
    public RewardMode Reward { get; init; } = RewardMode.Survival;
    public double CrashPenalty { get; init; }
    /// <summary>Crash offset (m); null means half the lane width.</summary>
    public double? MaxOffset { get; init; }
    public double MaxHeadingError { get; init; } = Math.PI / 10;
    /// <summary>Steps before the episode is truncated ("time_limit"); 0 for none.</summary>
    public int MaxSteps { get; init; } = DefaultMaxSteps;
    /// <summary>Random start: lateral offset up to ± this (m) and heading error up to ± StartHeadingNoise (rad).</summary>
    public double StartOffsetNoise { get; init; } = 0.5;
    public double StartHeadingNoise { get; init; } = 0.05;
    // Tracks
    public TrackGenOptions TrackGen { get; init; } = TrackGenOptions.Default;
    /// <summary>Procedural seeds to draw from at each reset (one seed: a fixed track).</summary>
    public IReadOnlyList<int> TrackSeeds { get; init; } = [0];
    /// <summary>A named track file instead of seeds.</summary>
    public string? TrackFile { get; init; }

    public const int DefaultMaxSteps = 1000;

    /// <summary>
    /// The reference traffic of docs/traffic.md (the experiment's, the bench's, `drive --traffic`'s):
    /// two lanes, 10 cars and 2 obstacles per km, as env options.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> ReferenceTraffic { get; } = new Dictionary<string, object?>
    {
        ["lanes"] = "2",
        ["traffic_density"] = "10",
        ["obstacles"] = "2",
    };

    /// <summary>How far past the sensors' reach (m) the traffic still steps cars at the full rate.</summary>
    const double NearMargin = 10;

    public static DrivingConfig FromOptions(EnvOptions o)
    {
        var observation = o.GetChoice("observation", "state", "state", "lidar", "topdown", "camera") switch
        {
            "lidar" => ObservationMode.Lidar,
            "topdown" => ObservationMode.TopDown,
            "camera" => ObservationMode.Camera,
            _ => ObservationMode.State,
        };
        double laneWidth = o.GetDouble("lane_width", Track.DefaultLaneWidth, 0.5, 30);
        int lanes = o.GetInt("lanes", 1, 1, 8);
        if (lanes * laneWidth > 30) throw new EnvOptionException("lanes", $"{lanes} lanes of {laneWidth} m make a {lanes * laneWidth} m road; the widest is 30 m");
        double maxRange = o.GetDouble("max_range", 30, 1, 1000), objectsRange = o.GetDouble("objects_range", 50, 1, 1000);
        var traffic = new TrafficOptions(lanes,
            o.GetDouble("traffic_density", 0, 0, 200),
            o.GetDouble("obstacles", 0, 0, 50),
            o.GetDouble("traffic_speed", new TrafficOptions().Speed, 0.5, 30))
        {
            // Every car the state's objects or the lidar can reach along the road is stepped at the full rate.
            NearRange = Math.Max(maxRange, objectsRange) + NearMargin,
            FarStep = o.GetDouble("traffic_far_step", new TrafficOptions().FarStep, 0, 10),
        };
        // The road holds every lane: a procedural track is generated at its full width.
        var gen = new TrackGenOptions(
            o.GetDouble("track_length_min", TrackGenOptions.Default.LengthMin, 50, 100_000),
            o.GetDouble("track_length_max", TrackGenOptions.Default.LengthMax, 50, 100_000),
            lanes * laneWidth,
            o.GetDouble("max_curvature", TrackGenOptions.Default.MaxCurvature, 1e-4, 1));
        try { gen.Validate(); }
        catch (ArgumentException e) { throw new EnvOptionException("max_curvature", e.Message); }

        var (seeds, file) = ReadTracks(o);
        var randomize = o.GetSection("randomize");
        var config = new DrivingConfig
        {
            Observation = observation,
            Width = o.GetInt("width", 64, 8, 1024),
            Height = o.GetInt("height", 64, 8, 1024),
            Channels = o.GetInt("channels", 3, 1, 3),
            FovDegrees = o.GetDouble("fov", observation == ObservationMode.Lidar ? 180 : 90, 1, observation == ObservationMode.Lidar ? 360 : 170),
            CameraHeight = o.GetDouble("camera_height", 1.5, 0.2, 20),
            CameraPitchDegrees = o.GetDouble("camera_pitch", 15, -30, 80),
            MetersPerPixel = o.GetDouble("meters_per_pixel", 0.5, 0.01, 10),
            Rays = o.GetInt("rays", 32, 1, 4096),
            MaxRange = maxRange,
            CurvatureSamples = o.GetInt("curvature_samples", 6, 0, 256),
            Lookahead = o.GetDouble("lookahead", 30, 1, 1000),
            NearestObjects = o.GetInt("nearest_objects", 0, 0, 16),
            ObjectsRange = objectsRange,
            ObjectsAlongRoad = o.GetChoice("objects_frame", "car", "car", "road") == "road",
            Traffic = traffic,
            Action = o.GetChoice("action", "curvature", "curvature", "steer_throttle", "discrete", "lane_speed") switch
            {
                "steer_throttle" => ActionMode.SteerThrottle,
                "discrete" => ActionMode.Discrete,
                "lane_speed" => ActionMode.LaneSpeed,
                _ => ActionMode.Curvature,
            },
            Speed = o.GetDouble("speed", 10, 0, 30),
            MaxSpeed = o.GetDouble("max_speed", VehicleParams.Mit.MaxSpeed, 0.5, VehicleParams.Mit.MaxSpeed),
            Dynamics = o.GetChoice("dynamics", "kinematic", "kinematic", "dynamic") == "dynamic" ? DynamicsMode.Dynamic : DynamicsMode.Kinematic,
            Dt = o.GetDouble("dt", 1.0 / 15, 1e-3, 1),
            Reward = o.GetChoice("reward", "survival", "survival", "progress", "lane_centre") switch
            {
                "progress" => RewardMode.Progress,
                "lane_centre" => RewardMode.LaneCentre,
                _ => RewardMode.Survival,
            },
            CrashPenalty = o.GetDouble("crash_penalty", 0, 0, 1e6),
            MaxOffset = o.Has("max_offset") ? o.GetDouble("max_offset", laneWidth / 2, 0.01, 100) : null,
            MaxHeadingError = o.GetDouble("max_heading_error", Math.PI / 10, 1e-3, Math.PI),
            MaxSteps = o.GetInt("max_steps", DefaultMaxSteps, 0),
            Randomize = new RandomizeOptions(
                randomize.GetBool("colors", false),
                randomize.GetDouble("brightness", 0, 0, 1),
                randomize.GetInt("noise", 0, 0, 255)),
            TrackGen = gen,
            TrackSeeds = seeds,
            TrackFile = file,
        };
        if (config.Speed > config.MaxSpeed)
            throw new EnvOptionException("speed", $"{config.Speed} m/s is above max_speed ({config.MaxSpeed} m/s)");
        if (config.ObjectsAlongRoad && config.NearestObjects == 0)
            throw new EnvOptionException("objects_frame", "objects_frame places the nearest objects: set nearest_objects too");
        if (config.NearestObjects > 0 && observation != ObservationMode.State)
            throw new EnvOptionException("nearest_objects", "the nearest objects are part of the state vector (observation: state)");
        if (config.Channels == 2) throw new EnvOptionException("channels", "images have 1 (grey) or 3 (RGB) channels");
        config = config with { Roi = ReadRoi(o, config) };
        foreach (string key in randomize.UnusedKeys)
            throw new EnvOptionException("randomize", $"unknown option 'randomize.{key}' (known: colors, brightness, noise)");
        return config;
    }

    /// <summary>
    /// <c>roi: {top, left, bottom, right}</c> (VISTA's i1, j1, i2, j2, full-frame pixels) and
    /// <c>output_width</c>/<c>output_height</c> (default: the ROI's size). Camera only.
    /// </summary>
    static CameraRoi? ReadRoi(EnvOptions o, DrivingConfig c)
    {
        bool any = o.Has("roi") || o.Has("output_width") || o.Has("output_height");
        if (!any) return null;
        string key = o.Has("roi") ? "roi" : o.Has("output_width") ? "output_width" : "output_height";
        if (c.Observation != ObservationMode.Camera) throw new EnvOptionException(key, "a region of interest and an output size are camera options (observation: camera)");
        var box = o.GetSection("roi");
        int top = box.GetInt("top", 0, 0, c.Height - 1), left = box.GetInt("left", 0, 0, c.Width - 1);
        int bottom = box.GetInt("bottom", c.Height, 1, c.Height), right = box.GetInt("right", c.Width, 1, c.Width);
        foreach (string k in box.UnusedKeys)
            throw new EnvOptionException("roi", $"unknown option 'roi.{k}' (known: top, left, bottom, right)");
        if (top >= bottom) throw new EnvOptionException("roi", $"roi.top ({top}) must be above roi.bottom ({bottom})");
        if (left >= right) throw new EnvOptionException("roi", $"roi.left ({left}) must be left of roi.right ({right})");
        int ow = o.GetInt("output_width", right - left, 4, 1024), oh = o.GetInt("output_height", bottom - top, 4, 1024);
        return new CameraRoi(top, left, bottom, right, ow, oh);
    }

    /// <summary>
    /// <c>track</c>: a seed or a track name/file; <c>tracks</c>: seeds such as "0-99", "1,5,9-12"
    /// or a list. Only one of the two.
    /// </summary>
    static (IReadOnlyList<int> Seeds, string? File) ReadTracks(EnvOptions o)
    {
        bool hasTrack = o.Has("track"), hasTracks = o.Has("tracks");
        if (hasTrack && hasTracks) throw new EnvOptionException("tracks", "give either 'track' or 'tracks', not both");
        if (hasTracks)
        {
            string spec = o.GetString("tracks", "");
            try { return (TrackSet.ParseSeeds(spec), null); }
            catch (FormatException e) { throw new EnvOptionException("tracks", e.Message); }
        }
        string track = o.GetString("track", "0");
        if (int.TryParse(track, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int seed))
            return ([seed], null);
        string? path = TrackSet.ResolveFile(track);
        if (path is null) throw new EnvOptionException("track", $"'{track}' is neither a seed nor a track file (looked for {track}, {track}.track and experiments/tracks/{track}.track from here and the repo root)");
        return ([], path);
    }
}
