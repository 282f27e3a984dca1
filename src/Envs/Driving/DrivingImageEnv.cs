using RlLab.Envs.Spaces;
using RlLab.Sim;
using RlLab.Sim.Sensors;

namespace RlLab.Envs.Driving;

/// <summary>
/// The driving env with an image observation (H×W×C bytes, HWC, row 0 at the top): <c>topdown</c>
/// (ego-centred, heading-up, <see cref="TopDownRenderer"/>) or <c>camera</c> (first-person,
/// <see cref="CameraRenderer"/>). With <c>randomize</c>, colours and brightness are drawn at each
/// reset and pixel noise is added to each frame, all from the env's seeded RNG.
/// </summary>
public sealed class DrivingImageEnv : IEnv<byte>, IDrivingEnv
{
    readonly TopDownRenderer? _topDown;
    readonly CameraRenderer? _camera;
    readonly uint[] _table = new uint[256];
    readonly byte[] _image;
    uint _sky, _car;
    ObjectColours _objects;

    public DrivingImageEnv(DrivingConfig config)
    {
        if (config.Observation is not (ObservationMode.TopDown or ObservationMode.Camera))
            throw new ArgumentException($"{config.Observation} is a vector observation: use DrivingEnv");
        Core = new DrivingCore(config);
        if (config.Observation == ObservationMode.TopDown)
            _topDown = new TopDownRenderer(config.Width, config.Height, config.Channels, config.MetersPerPixel, Core.Car.Params);
        else
            _camera = new CameraRenderer(config.Width, config.Height, config.Channels, config.FovDegrees, config.CameraHeight, config.CameraPitchDegrees, config.Roi);
        _image = new byte[config.ObservationWidth * config.ObservationHeight * config.Channels];
        ObservationSpace = Box.Image(config.ObservationHeight, config.ObservationWidth, config.Channels);
        Palette = Palette.Default;
    }

    public DrivingCore Core { get; }
    public Space ObservationSpace { get; }
    public Space ActionSpace => Core.ActionSpace;
    /// <summary>The colours of this episode.</summary>
    public Palette Palette { get; private set; }
    public TopDownRenderer? TopDown => _topDown;
    public CameraRenderer? Camera => _camera;
    public ReadOnlySpan<float> LidarDistances => [];
    /// <summary>The last frame, kept only while <see cref="KeepImage"/> is set (a copy per step costs time).</summary>
    public ReadOnlySpan<byte> Image => KeepImage ? _image : [];
    /// <summary>Set by viewers that want <see cref="Image"/>; off by default for training speed.</summary>
    public bool KeepImage { get; set; }
    public int ImageWidth => Core.Config.ObservationWidth;
    public int ImageHeight => Core.Config.ObservationHeight;
    public int ImageChannels => Core.Config.Channels;

    public void Reset(Span<byte> observation, int? seed = null)
    {
        Core.Reset(seed);
        RandomizeOptions rand = Core.Config.Randomize;
        Palette = rand.Colors || rand.Brightness > 0 ? Palette.Randomized(ref Core.Rng, rand.Colors, rand.Brightness) : Palette.Default;
        int ch = Core.Config.Channels;
        Palette.BuildTable(Core.Track.HalfWidth, Core.Track.Grid.Scale, ch, _table);
        _sky = Palette.Pixel(Palette.Sky, ch);
        _car = Palette.Pixel(Palette.Car, ch);
        _objects = ObjectColours.From(Palette, ch);
        Observe(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<byte> observation)
    {
        StepResult r = Core.Step(action);
        Observe(observation);
        return r;
    }

    public void FillEpisodeInfo(ref EpisodeInfo info) => Core.FillEpisodeInfo(ref info);
    public IReadOnlyList<MetricSummary> EvaluationSummaries => DrivingCore.EvaluationSummaries;

    void Observe(Span<byte> obs)
    {
        var car = Core.Car;
        if (_topDown is not null)
        {
            _topDown.Render(Core.Track, car.State, car.Params, _table, _car, obs);
            if (Core.Traffic is { } t) _topDown.DrawObjects(car.State, car.Params, t, _objects, obs);
        }
        else
        {
            _camera!.Render(Core.Track, car.State, car.Params, _table, _sky, obs);
            if (Core.Traffic is { } t) _camera.DrawObjects(car.State, car.Params, t, _objects, obs);
        }
        PixelNoise.Apply(obs[.._image.Length], Core.Config.Randomize.Noise, ref Core.Rng);
        if (KeepImage) obs[.._image.Length].CopyTo(_image);
    }
}
