using System.Numerics;
using RlLab.Envs;
using RlLab.Envs.Driving;
using RlLab.Envs.Wrappers;
using RlLab.Sim.Tracks;
using RlLab.Sim.Vehicles;
using RlLab.Viz.Rendering;

namespace RlLab.Viz.Scenes;

/// <summary>
/// The driving world from above: grass, the track (a static mesh, built once per track),
/// the trail of the path driven this episode, the lidar rays when the policy sees them, and the car
/// with its heading and steered front wheels.
/// </summary>
public sealed class DrivingScene(IDrivingEnv env) : IScene
{
    public const int TrailCapacity = 4096;
    const float GridSpacing = 10;

    readonly Vector2[] _trail = new Vector2[TrailCapacity];
    int _trailStart, _trailCount;
    int _laps;
    double _lapStartTime;

    public static DrivingScene? TryCreate(IEnv env) => env.Find<IDrivingEnv>() is { } d ? new DrivingScene(d) : null;

    DrivingCore Core => env.Core;

    public double StepSeconds => Core.Config.Dt;
    public Rgba Background => DrivingPalette.Grass;

    public (Vector2 Min, Vector2 Max) Bounds
    {
        get
        {
            var (minX, minY, maxX, maxY) = Core.Track.Bounds;
            float m = (float)Core.Track.HalfWidth + TrackMesh.KerbWidth + 2;
            return (new((float)minX - m, (float)minY - m), new((float)maxX + m, (float)maxY + m));
        }
    }

    /// <summary>The centre of the (interpolated) ego car's body.</summary>
    public Vector2 Focus
    {
        get
        {
            var (x, y) = EgoState.Centre(Core.Car.Params);
            return new((float)x, (float)y);
        }
    }

    // The ego car's state before the latest step and after it; drawing blends the first with the live state.
    CarState _previous, _latest;
    double _alpha = 1;

    public void Interpolate(double alpha) => _alpha = Math.Clamp(alpha, 0, 1);

    /// <summary>The ego car between its previous and its current state, as drawn this frame.</summary>
    CarState EgoState
    {
        get
        {
            CarState now = Core.Car.State;
            if (_alpha >= 1) return now;
            double a = _alpha;
            CarState s = now;
            s.X = _previous.X + (now.X - _previous.X) * a;
            s.Y = _previous.Y + (now.Y - _previous.Y) * a;
            s.Heading = _previous.Heading + RlLab.Sim.Angles.Wrap(now.Heading - _previous.Heading) * a;
            s.Steer = _previous.Steer + (now.Steer - _previous.Steer) * a;
            s.Speed = _previous.Speed + (now.Speed - _previous.Speed) * a;
            return s;
        }
    }

    /// <summary>The follow camera shows about 45 m of road from top to bottom.</summary>
    public float FollowScale(int viewportHeight) => viewportHeight / 45f;

    /// <summary>Seconds into the current lap.</summary>
    public double LapTime => Core.Time - _lapStartTime;

    public void OnReset()
    {
        _previous = _latest = Core.Car.State;
        _trailStart = _trailCount = 0;
        _laps = 0;
        _lapStartTime = 0;
        AddTrailPoint();
    }

    public void OnStep()
    {
        _previous = _latest;
        _latest = Core.Car.State;
        AddTrailPoint();
        if (Core.Laps.Laps != _laps)
        {
            _laps = Core.Laps.Laps;
            _lapStartTime = Core.Time;
        }
    }

    void AddTrailPoint()
    {
        var (x, y) = Core.Car.State.Centre(Core.Car.Params);
        var p = new Vector2((float)x, (float)y);
        if (_trailCount < TrailCapacity) _trail[(_trailStart + _trailCount++) % TrailCapacity] = p;
        else
        {
            _trail[_trailStart] = p;
            _trailStart = (_trailStart + 1) % TrailCapacity;
        }
    }

    public void DrawWorld(Batch2D batch, in Camera2D camera)
    {
        DrawGrid(batch, camera);
        // Built once per track (the batch keeps it on the GPU), then one draw call a frame.
        Track track = Core.Track;
        batch.DrawStatic(track, g => TrackMesh.Build(g, track));
        DrawTrail(batch, camera);
        DrawLidar(batch);
        float k = CarScale(camera);
        // Other cars first, so the ego car is never hidden (the world leaves room for traffic).
        foreach (Car car in Core.World.Cars)
            if (car != Core.Car) DrawCar(batch, car.State, car.Params, k, DrivingPalette.OtherCar);
        DrawTraffic(batch);
        DrawCar(batch, EgoState, Core.Car.Params, k, DrivingPalette.Car);
    }

    /// <summary>
    /// The IDM cars (blue), parked cars (yellow) and cones (orange) at their last step's poses: they
    /// are not interpolated between steps as the ego car is, so at 15 Hz they move in small jumps.
    /// </summary>
    void DrawTraffic(Batch2D batch)
    {
        if (Core.Traffic is not { } traffic) return;
        ReadOnlySpan<RlLab.Sim.Traffic.OrientedBox> boxes = traffic.Boxes;
        ReadOnlySpan<RlLab.Sim.Traffic.RoadObject> objects = traffic.Objects;
        for (int i = 0; i < boxes.Length; i++)
        {
            var b = boxes[i];
            float h = MathF.Atan2((float)b.Sin, (float)b.Cos), length = (float)(2 * b.HalfLength), width = (float)(2 * b.HalfWidth);
            var centre = new Vector2((float)b.X, (float)b.Y);
            Rgba body = objects[i].Kind switch
            {
                RlLab.Sim.Traffic.RoadObjectKind.ParkedCar => DrivingPalette.ParkedCar,
                RlLab.Sim.Traffic.RoadObjectKind.Cone => DrivingPalette.Cone,
                _ => DrivingPalette.OtherCar,
            };
            batch.Box(centre, h, length, width, body);
            if (objects[i].Kind == RlLab.Sim.Traffic.RoadObjectKind.Cone) continue;
            // A windscreen shows which way a car points.
            var f = new Vector2(MathF.Cos(h), MathF.Sin(h));
            batch.Box(centre + f * 0.45f, h, 1.0f, width - 0.6f, DrivingPalette.CarGlass);
        }
    }

    /// <summary>Zoomed far out the car is drawn larger than life (at least 16 px long), so it stays visible.</summary>
    public float CarScale(in Camera2D camera) => MathF.Max(1, 16 / ((float)Core.Car.Params.Length * camera.PixelsPerMeter));

    /// <summary>Faint lines every 10 m on the grass, so motion shows in the follow camera.</summary>
    static void DrawGrid(Batch2D batch, in Camera2D camera)
    {
        var (min, max) = camera.VisibleWorld;
        float spacing = GridSpacing;
        while ((max.X - min.X) / spacing > 60) spacing *= 5;
        float w = 1.5f / camera.PixelsPerMeter;
        for (float x = MathF.Floor(min.X / spacing) * spacing; x <= max.X; x += spacing)
            batch.Rect(x, min.Y, w, max.Y - min.Y, DrivingPalette.GrassLine);
        for (float y = MathF.Floor(min.Y / spacing) * spacing; y <= max.Y; y += spacing)
            batch.Rect(min.X, y, max.X - min.X, w, DrivingPalette.GrassLine);
    }

    void DrawTrail(Batch2D batch, in Camera2D camera)
    {
        // At least 2 px wide, so the path stays visible in the overview.
        float width = MathF.Max(0.35f, 2.5f / camera.PixelsPerMeter);
        // The newest point is where the car will be at the end of this step: stop at the car instead.
        int n = _alpha < 1 ? _trailCount - 1 : _trailCount;
        for (int i = 1; i < n; i++)
        {
            Vector2 a = _trail[(_trailStart + i - 1) % TrailCapacity], b = _trail[(_trailStart + i) % TrailCapacity];
            float age = (float)i / _trailCount;
            batch.Line(a, b, width, DrivingPalette.Trail.WithAlpha((byte)(60 + 160 * age)));
        }
        if (n >= 1 && n < _trailCount) batch.Line(_trail[(_trailStart + n - 1) % TrailCapacity], Focus, width, DrivingPalette.Trail.WithAlpha(220));
    }

    void DrawLidar(Batch2D batch)
    {
        if (env.Find<DrivingEnv>()?.Lidar is not { } lidar) return;
        ReadOnlySpan<float> d = env.LidarDistances;
        ReadOnlySpan<double> angles = lidar.Angles;
        Vector2 origin = Focus;
        float heading = (float)EgoState.Heading;
        for (int i = 0; i < d.Length && i < angles.Length; i++)
        {
            float a = heading + (float)angles[i];
            Vector2 hit = origin + new Vector2(MathF.Cos(a), MathF.Sin(a)) * d[i];
            float t = (float)(d[i] / lidar.MaxRange);
            Rgba c = DrivingPalette.RayNear.Lerp(DrivingPalette.RayFar, t);
            batch.Line(origin, hit, 0.08f, c);
            if (d[i] < lidar.MaxRange) batch.Disc(hit, 0.25f, c, 8);
        }
    }

    /// <summary>
    /// The car body, its glass, an arrow on the bonnet and the wheels (front ones steered), drawn
    /// around the body centre. The ego car is red; any other car in the world is blue.
    /// </summary>
    static void DrawCar(Batch2D batch, in CarState s, VehicleParams p, float k, Rgba body)
    {
        float h = (float)s.Heading;
        var f = new Vector2(MathF.Cos(h), MathF.Sin(h)) * k;
        var l = new Vector2(-f.Y, f.X);
        var (cx, cy) = s.Centre(p);
        Vector2 centre = new((float)cx, (float)cy);
        float half = (float)p.WheelBase / 2, wheelLen = 0.75f * k, wheelW = 0.3f * k, side = (float)p.Width / 2 - 0.15f;
        Vector2 rear = centre - f * half, front = centre + f * half;
        batch.Box(rear + l * side, h, wheelLen, wheelW, DrivingPalette.Wheel);
        batch.Box(rear - l * side, h, wheelLen, wheelW, DrivingPalette.Wheel);
        batch.Box(front + l * side, h + (float)s.Steer, wheelLen, wheelW, DrivingPalette.Wheel);
        batch.Box(front - l * side, h + (float)s.Steer, wheelLen, wheelW, DrivingPalette.Wheel);
        float glassWidth = ((float)p.Width - 0.6f) * k;
        batch.Box(centre, h, (float)p.Length * k, ((float)p.Width - 0.2f) * k, body);
        batch.Box(centre + f * 0.45f, h, 1.0f * k, glassWidth, DrivingPalette.CarGlass);
        batch.Box(centre - f * 1.5f, h, 0.8f * k, glassWidth, DrivingPalette.CarGlass.WithAlpha(170));
        batch.Triangle(centre + f * ((float)p.Length / 2 - 0.2f), centre + f * 1.4f + l * 0.5f, centre + f * 1.4f - l * 0.5f, Rgba.White);
    }

    public void WriteHud(HudWriter hud)
    {
        var s = EgoState;
        hud.Line($"speed {s.Speed,5:F1} m/s  {s.Speed * 3.6,5:F0} km/h");
        hud.Line($"distance {Core.Laps.MaxProgress,7:F1} m  offset {Core.Projection.Offset,5:F2} m");
        double best = Core.Laps.BestLapTime;
        if (double.IsNaN(best)) hud.Line($"lap {Core.Laps.Laps + 1}  time {LapTime,6:F2} s  best -");
        else hud.Line($"lap {Core.Laps.Laps + 1}  time {LapTime,6:F2} s  best {best:F2} s");
        hud.Line($"track {Core.Track.Name}  {Core.Track.Length:F0} m");
    }

}
