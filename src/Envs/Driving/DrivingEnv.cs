using RlLab.Envs.Spaces;
using RlLab.Sim;
using RlLab.Sim.Sensors;

namespace RlLab.Envs.Driving;

/// <summary>
/// The driving env with a float observation: <c>state</c> ([offset, heading error, speed,
/// curvature ahead…], see <see cref="StateSensor"/>) or <c>lidar</c> (distances / max range, in [0, 1]).
/// </summary>
public sealed class DrivingEnv : IEnv<float>, IDrivingEnv
{
    readonly StateSensor _state;
    readonly ObjectSensor _objects;
    readonly Lidar? _lidar;
    readonly float[] _distances;

    public DrivingEnv(DrivingConfig config)
    {
        if (config.Observation is not (ObservationMode.State or ObservationMode.Lidar))
            throw new ArgumentException($"{config.Observation} is an image observation: use DrivingImageEnv");
        Core = new DrivingCore(config);
        _state = new StateSensor(config.CurvatureSamples, config.Lookahead);
        _objects = new ObjectSensor(config.NearestObjects, config.ObjectsRange);
        if (config.Observation == ObservationMode.Lidar)
        {
            _lidar = new Lidar(config.Rays, config.FovDegrees * Math.PI / 180, config.MaxRange);
            _distances = new float[config.Rays];
            ObservationSpace = Box.Uniform(0, 1, [config.Rays]);
        }
        else
        {
            _distances = [];
            ObservationSpace = Box.Uniform(-float.MaxValue, float.MaxValue, [_state.Size + _objects.Size]);
        }
    }

    public DrivingCore Core { get; }
    public Space ObservationSpace { get; }
    public Space ActionSpace => Core.ActionSpace;
    public Lidar? Lidar => _lidar;
    public ReadOnlySpan<float> LidarDistances => _distances;
    public ReadOnlySpan<byte> Image => [];
    public int ImageWidth => 0;
    public int ImageHeight => 0;
    public int ImageChannels => 0;

    public void Reset(Span<float> observation, int? seed = null)
    {
        Core.Reset(seed);
        Observe(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        StepResult r = Core.Step(action);
        Observe(observation);
        return r;
    }

    public void FillEpisodeInfo(ref RlLab.Envs.EpisodeInfo info) => Core.FillEpisodeInfo(ref info);
    public IReadOnlyList<MetricSummary> EvaluationSummaries => DrivingCore.EvaluationSummaries;

    void Observe(Span<float> obs)
    {
        if (_lidar is null)
        {
            _state.Write(obs, Core.Track, Core.Projection, Core.HeadingError, Core.Car.State.Speed, Core.Rule.MaxOffset, Core.Rule.MaxHeadingError);
            if (_objects.Count == 0) return;
            if (Core.Config.ObjectsAlongRoad)
                _objects.WriteAlongRoad(obs[_state.Size..], Core.Traffic, Core.Ego, Core.HeadingError, Core.Track.Length, Core.Rule.MaxOffset);
            else
                _objects.Write(obs[_state.Size..], Core.Traffic, Core.CarBox, Core.Car.State, Core.Rule.MaxOffset);
            return;
        }
        var (cx, cy) = Core.Car.State.Centre(Core.Car.Params);
        _lidar.Scan(Core.Track, cx, cy, Core.Car.State.Heading, _distances);
        if (Core.Traffic is { } traffic) _lidar.Occlude(traffic.Boxes, cx, cy, Core.Car.State.Heading, _distances);
        float inv = (float)(1 / _lidar.MaxRange);
        for (int i = 0; i < _distances.Length; i++) obs[i] = _distances[i] * inv;
    }
}
