using RlLab.Sim.Tracks;

namespace RlLab.Sim.Traffic;

/// <summary>
/// The other cars and the obstacles of one driving world. Cars follow their lane's centreline:
/// IDM sets their acceleration from the nearest object ahead in the lane (the ego car included),
/// MOBIL moves them to a neighbouring lane when that pays and is safe. Positions are arc lengths
/// on the road centreline; a lane's speed converts through the curvature, ds/dt = v / (1 − κ·offset).
/// All accelerations of a step are computed before any car moves, so the order of cars does not
/// matter. Arrays are sized at <see cref="Reset"/>; a step allocates nothing.
/// </summary>
public sealed class Traffic(TrafficOptions options)
{
    /// <summary>Lengths, widths and camera heights of the object kinds (m).</summary>
    public const double CarLength = 5, CarWidth = 2, CarHeight = 1.5, ConeSize = 0.5, ConeHeight = 0.7;
    /// <summary>Two objects of one lane are never placed closer than this, centre to centre (m).</summary>
    const double MinSpacing = 12;
    /// <summary>Obstacles keep this far apart along the road, whatever their lanes, so a free lane always remains (m).</summary>
    const double ObstacleSpacing = 30;

    RoadObject[] _objects = [], _obstacles = [];
    OrientedBox[] _boxes = [];
    double[] _accel = [], _kappa = [], _laneCentres = [];
    /// <summary>Per object, the track point its last box was sampled at (the next lookup walks from it).</summary>
    int[] _segment = [];
    int _egoSegment;
    /// <summary>Per object, a bit per lane it occupies (its body overlaps the lane, or a changing car's target lane).</summary>
    int[] _lanes = [];
    int _egoLanes;
    double _egoKappa;
    int _count, _cars;
    long _steps;
    Track? _track;
    EgoView _ego;

    public TrafficOptions Options { get; } = options;
    public ReadOnlySpan<RoadObject> Objects => _objects.AsSpan(0, _count);
    /// <summary>The world boxes of <see cref="Objects"/>, same order.</summary>
    public ReadOnlySpan<OrientedBox> Boxes => _boxes.AsSpan(0, _count);
    /// <summary>Objects 0 … CarCount − 1 are cars; the rest are obstacles.</summary>
    public int CarCount => _cars;
    public int Count => _count;

    /// <summary>Where the ego car is, as the other cars see it: its body centre's arc position and offset, and its speed.</summary>
    public readonly record struct EgoView(double S, double Offset, double Speed, double Length = CarLength, double Width = CarWidth);

    /// <summary>Places the cars and obstacles for an episode: everything is drawn from <paramref name="seed"/>.</summary>
    public void Reset(Track track, ulong seed, EgoView ego)
    {
        _track = track;
        _ego = ego;
        var rng = new Rng(seed);
        double km = track.Length / 1000;
        int wantObstacles = (int)Math.Round(Options.ObstaclesPerKm * km), wantCars = (int)Math.Round(Options.Density * km);
        int capacity = wantObstacles + wantCars;
        if (_objects.Length < capacity)
        {
            _objects = new RoadObject[capacity];
            _boxes = new OrientedBox[capacity];
            _accel = new double[capacity];
            _kappa = new double[capacity];
            _lanes = new int[capacity];
            _segment = new int[capacity];
        }
        _segment.AsSpan().Fill(-1);
        _egoSegment = -1;
        if (_laneCentres.Length != Options.Lanes) _laneCentres = new double[Options.Lanes];
        for (int k = 0; k < Options.Lanes; k++) _laneCentres[k] = TrafficOptions.LaneCentre(track.Width, Options.Lanes, k);
        if (_obstacles.Length < wantObstacles) _obstacles = new RoadObject[wantObstacles];
        RoadObject[] obstacles = _obstacles;
        _count = 0;
        _steps = 0;
        // Cars first (indices 0 … cars − 1), then the obstacles; obstacles are drawn first so cars avoid them.
        int placedObstacles = 0;
        for (int i = 0; i < wantObstacles; i++)
        {
            var kind = rng.NextDouble() < 0.5 ? RoadObjectKind.ParkedCar : RoadObjectKind.Cone;
            double length = kind == RoadObjectKind.Cone ? ConeSize : CarLength, width = kind == RoadObjectKind.Cone ? ConeSize : CarWidth;
            for (int attempt = 0; attempt < 20; attempt++)
            {
                int lane = rng.NextInt(Options.Lanes);
                double s = DrawS(ref rng, track.Length);
                double laneWidth = track.Width / Options.Lanes;
                double offset = _laneCentres[lane] + rng.Uniform(-1, 1) * Math.Max(0, (laneWidth - width) / 4);
                if (!FarFromAll(obstacles.AsSpan(0, placedObstacles), s, -1, ObstacleSpacing, track.Length)) continue;
                obstacles[placedObstacles++] = new RoadObject { Kind = kind, Lane = lane, S = s, Offset = offset, Length = length, Width = width, Height = kind == RoadObjectKind.Cone ? ConeHeight : CarHeight };
                break;
            }
        }
        for (int i = 0; i < wantCars; i++)
        {
            for (int attempt = 0; attempt < 20; attempt++)
            {
                int lane = rng.NextInt(Options.Lanes);
                double s = DrawS(ref rng, track.Length);
                double v0 = Options.Speed * (1 + rng.Uniform(-Options.SpeedSpread, Options.SpeedSpread));
                if (!FarFromAll(_objects.AsSpan(0, _count), s, lane, MinSpacing, track.Length)
                    || !FarFromAll(obstacles.AsSpan(0, placedObstacles), s, lane, MinSpacing, track.Length)) continue;
                _objects[_count++] = new RoadObject
                {
                    Kind = RoadObjectKind.Car, Lane = lane, S = s, Offset = _laneCentres[lane],
                    Speed = v0, DesiredSpeed = v0, Length = CarLength, Width = CarWidth, Height = CarHeight,
                };
                break;
            }
        }
        _cars = _count;
        for (int i = 0; i < placedObstacles; i++) _objects[_count++] = obstacles[i];
        for (int i = 0; i < _count; i++) UpdateBox(i);
        SetEgo(ego);
    }

    void SetEgo(EgoView ego)
    {
        _ego = ego;
        _egoLanes = LaneBits(ego.Offset, ego.Width, -1);
        _egoKappa = _track!.SampleFrom(ref _egoSegment, ego.S).Curvature;
    }

    /// <summary>The lanes a body at this offset overlaps, plus <paramref name="lane"/> (≥ 0) as a bit set.</summary>
    int LaneBits(double offset, double width, int lane)
    {
        double laneWidth = _track!.Width / Options.Lanes;
        int bits = lane >= 0 ? 1 << lane : 0;
        double reach = (laneWidth + width) / 2;
        for (int k = 0; k < _laneCentres.Length; k++)
            if (Math.Abs(offset - _laneCentres[k]) < reach) bits |= 1 << k;
        return bits;
    }

    double DrawS(ref Rng rng, double length) =>
        _track!.WrapS(_ego.S + TrafficOptions.ClearAhead + rng.NextDouble() * Math.Max(0, length - TrafficOptions.ClearAhead - TrafficOptions.ClearBehind));

    static bool FarFromAll(ReadOnlySpan<RoadObject> others, double s, int lane, double spacing, double length)
    {
        foreach (ref readonly RoadObject o in others)
        {
            if (lane >= 0 && o.Lane != lane) continue;
            double d = Math.Abs(s - o.S);
            if (Math.Min(d, length - d) < spacing) return false;
        }
        return true;
    }

    /// <summary>Advances the cars by dt given where the ego car now is.</summary>
    public void Step(double dt, EgoView ego)
    {
        if (_track is null || _cars == 0) return;
        SetEgo(ego);
        Track track = _track;
        int interval = Math.Max(1, (int)Math.Round(Options.Mobil.DecisionInterval / dt));
        // Car i decides when (steps + i) % interval == 0: cars take turns. The first such i, then every
        // interval-th (a division per car would cost more than the rest of its step).
        int decides = (int)((interval - _steps % interval) % interval);
        for (int i = 0; i < _cars; i++)
        {
            ref RoadObject c = ref _objects[i];
            _accel[i] = AccelerationInLane(i, c.Lane, c.S, _kappa[i], c.Speed, c.DesiredSpeed);
            if (i != decides) continue;
            decides += interval;
            if (Options.Lanes > 1 && c.LateralSpeed == 0) ConsiderLaneChange(i, ref _accel[i]);
        }
        _steps++;
        for (int i = 0; i < _cars; i++)
        {
            ref RoadObject c = ref _objects[i];
            double v = Math.Max(0, c.Speed + _accel[i] * dt);
            double mean = 0.5 * (c.Speed + v);
            c.Speed = v;
            double centre = _laneCentres[c.Lane];
            double stretch = Math.Max(0.2, 1 - _kappa[i] * c.Offset);
            c.S = track.WrapS(c.S + mean * dt / stretch);
            if (c.LateralSpeed != 0)
            {
                double next = c.Offset + c.LateralSpeed * dt;
                if ((c.LateralSpeed > 0 && next >= centre) || (c.LateralSpeed < 0 && next <= centre)) { next = centre; c.LateralSpeed = 0; }
                c.Offset = next;
            }
            UpdateBox(i);
        }
    }

    /// <summary>The IDM acceleration of car i if it drove in <paramref name="lane"/> at s (road curvature κ there).</summary>
    double AccelerationInLane(int i, int lane, double s, double kappa, double speed, double desired)
    {
        double gap = Leader(i, lane, s, kappa, out _, out double leaderSpeed, ahead: true);
        return Options.Idm.Acceleration(speed, desired, gap, double.IsFinite(gap) ? speed - leaderSpeed : 0);
    }

    /// <summary>
    /// The nearest object of <paramref name="lane"/> ahead of (or behind) arc position s, skipping object
    /// <paramref name="self"/>: its index (−1 the ego car, −2 none), speed, and the bumper-to-bumper gap along the lane.
    /// </summary>
    double Leader(int self, int lane, double s, double kappa, out int found, out double speed, bool ahead)
    {
        Track track = _track!;
        double best = double.PositiveInfinity, length = track.Length, half = length / 2;
        found = -2;
        speed = 0;
        double selfLength = self >= 0 ? _objects[self].Length : _ego.Length;
        int bit = 1 << lane;
        for (int j = 0; j < _count; j++)
        {
            if (j == self || (_lanes[j] & bit) == 0) continue;
            double d = ahead ? _objects[j].S - s : s - _objects[j].S;
            if (d < 0) d += length;
            if (d >= half || d >= best) continue;
            best = d; found = j; speed = _objects[j].Speed;
        }
        if (self != -1 && (_egoLanes & bit) != 0)
        {
            double d = ahead ? _ego.S - s : s - _ego.S;
            if (d < 0) d += length;
            if (d < half && d < best) { best = d; found = -1; speed = _ego.Speed; }
        }
        if (found == -2) return double.PositiveInfinity;
        double otherLength = found == -1 ? _ego.Length : _objects[found].Length;
        double centre = _laneCentres[lane];
        return best * Math.Max(0.2, 1 - kappa * centre) - (selfLength + otherLength) / 2;
    }

    /// <summary>MOBIL for car i towards each neighbouring lane; starts the best change that passes.</summary>
    void ConsiderLaneChange(int i, ref double accel)
    {
        ref RoadObject c = ref _objects[i];
        int bestLane = -1;
        double bestGain = double.NegativeInfinity, bestAccel = accel;
        for (int side = -1; side <= 1; side += 2)
        {
            int lane = c.Lane + side;
            if (lane < 0 || lane >= Options.Lanes) continue;
            double after = AccelerationInLane(i, lane, c.S, _kappa[i], c.Speed, c.DesiredSpeed);
            double gain = after - accel;
            // The new follower: its acceleration now, and with car i ahead of it.
            Leader(i, lane, c.S, _kappa[i], out int newFollower, out _, ahead: false);
            double nBefore = 0, nAfter = 0;
            if (newFollower != -2) FollowerAccelerations(newFollower, lane, i, c, out nBefore, out nAfter, joining: true);
            // The old follower: with car i ahead now, and with car i gone.
            Leader(i, c.Lane, c.S, _kappa[i], out int oldFollower, out _, ahead: false);
            double oBefore = 0, oAfter = 0;
            if (oldFollower != -2) FollowerAccelerations(oldFollower, c.Lane, i, c, out oBefore, out oAfter, joining: false);
            if (!Options.Mobil.ShouldChange(gain, nAfter, nBefore, oAfter, oBefore)) continue;
            if (gain > bestGain) { bestGain = gain; bestLane = lane; bestAccel = after; }
        }
        if (bestLane < 0) return;
        c.LateralSpeed = Math.Sign(_laneCentres[bestLane] - c.Offset) * Options.Mobil.LateralSpeed;
        c.Lane = bestLane;
        _lanes[i] |= 1 << bestLane;
        accel = bestAccel;
    }

    /// <summary>
    /// A follower's acceleration before and after car i joins (or leaves) its lane. The ego car has
    /// no IDM of its own: it is scored as an IDM driver content with its present speed.
    /// </summary>
    void FollowerAccelerations(int follower, int lane, int i, in RoadObject c, out double before, out double after, bool joining)
    {
        double s, v, v0, kappa;
        if (follower == -1) { s = _ego.S; v = _ego.Speed; v0 = Math.Max(_ego.Speed, 1); kappa = _egoKappa; }
        else
        {
            ref readonly RoadObject f = ref _objects[follower];
            if (f.IsStatic) { before = after = 0; return; }
            s = f.S; v = f.Speed; v0 = f.DesiredSpeed; kappa = _kappa[follower];
        }
        double withCarGap = GapTo(s, c.S, lane, kappa) - ((follower == -1 ? _ego.Length : _objects[follower].Length) + c.Length) / 2;
        double withCar = Options.Idm.Acceleration(v, v0, withCarGap, v - c.Speed);
        // Without car i: its current leader in that lane, skipping i.
        double gap = LeaderSkipping(follower, lane, s, kappa, i, out double leaderSpeed);
        double withoutCar = Options.Idm.Acceleration(v, v0, gap, double.IsFinite(gap) ? v - leaderSpeed : 0);
        if (joining) { before = withoutCar; after = withCar; }
        else { before = withCar; after = withoutCar; }
    }

    double GapTo(double from, double to, int lane, double kappa)
    {
        Track track = _track!;
        double d = to - from;
        if (d < 0) d += track.Length;
        double centre = _laneCentres[lane];
        return d * Math.Max(0.2, 1 - kappa * centre);
    }

    double LeaderSkipping(int self, int lane, double s, double kappa, int skip, out double speed)
    {
        // Hide car skip from every lane for one search: cheaper than a second search routine.
        int bits = _lanes[skip];
        _lanes[skip] = 0;
        double gap = Leader(self, lane, s, kappa, out _, out speed, ahead: true);
        _lanes[skip] = bits;
        return gap;
    }

    /// <summary>The world box, velocity, curvature and lane bits of object i after it moved.</summary>
    void UpdateBox(int i)
    {
        ref RoadObject o = ref _objects[i];
        var (x, y, cos, sin, kappa) = _track!.SampleFrom(ref _segment[i], o.S);
        o.VelocityX = o.Speed * cos - o.LateralSpeed * sin;
        o.VelocityY = o.Speed * sin + o.LateralSpeed * cos;
        // A changing car points along its velocity; the unit vector comes without another angle.
        double ax = cos, ay = sin;
        if (o.LateralSpeed != 0 && o.Speed > 0.1)
        {
            double norm = 1 / Math.Sqrt(o.VelocityX * o.VelocityX + o.VelocityY * o.VelocityY);
            ax = o.VelocityX * norm;
            ay = o.VelocityY * norm;
        }
        _boxes[i] = new OrientedBox(x - sin * o.Offset, y + cos * o.Offset, ax, ay, o.Length / 2, o.Width / 2);
        _kappa[i] = kappa;
        _lanes[i] = LaneBits(o.Offset, o.Width, o.IsStatic ? -1 : o.Lane);
    }

    /// <summary>The first object the box overlaps, or −1.</summary>
    public int FirstOverlap(in OrientedBox box)
    {
        for (int i = 0; i < _count; i++)
            if (OrientedBox.Overlaps(box, _boxes[i])) return i;
        return -1;
    }
}
