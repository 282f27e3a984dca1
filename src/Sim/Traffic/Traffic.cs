using RlLab.Sim.Tracks;

namespace RlLab.Sim.Traffic;

/// <summary>
/// The other cars and the obstacles of one driving world. Cars follow their lane's centreline:
/// IDM sets their acceleration from the nearest object ahead in the lane (the ego car included),
/// MOBIL moves them to a neighbouring lane when that pays and is safe. Positions are arc lengths
/// on the road centreline; a lane's speed converts through the curvature, ds/dt = v / (1 − κ·offset).
/// All accelerations of a step are computed before any car moves, so the order of cars does not
/// matter. Arrays are sized at <see cref="Reset"/>; a step allocates nothing.
/// Cars farther along the road from the ego car than <see cref="TrafficOptions.NearRange"/> are
/// stepped every <see cref="TrafficOptions.FarStep"/> instead of every step (CARLA's traffic manager
/// does the same with its hybrid physics radius): each car's state has its own time, which catches
/// up in one step of the missed length when the car is next stepped; a far car's lane-change turn
/// waits for its next step. FarStep 0 steps every car every step.
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
    double _laneWidth;
    /// <summary>Per object, the track point its last box was sampled at (the next lookup walks from it).</summary>
    int[] _segment = [];
    int _egoSegment;
    /// <summary>Per car, the step its state stands at (it lags the world while the car is far).</summary>
    long[] _stateStep = [];
    /// <summary>The cars the current step moves.</summary>
    int[] _moving = [];
    /// <summary>Per car, the first step at which it must be looked at (a far car sleeps until then).</summary>
    long[] _checkAt = [];
    double _lastEgoS;
    /// <summary>A bound on how fast the ego car and another close in along the road (m/s): it sets how long a far car may sleep.</summary>
    const double MaxClosingSpeed = 80;
    /// <summary>Per object, a bit per lane it occupies (its body overlaps the lane, or a changing car's target lane).</summary>
    int[] _lanes = [];
    int _egoLanes;
    /// <summary>The curvature at the ego car, sampled only when MOBIL scores the ego car as a follower (NaN until then).</summary>
    double _egoKappa;
    int _count, _cars;
    long _steps;
    /// <summary>The step length the step counts below were made for, MOBIL's interval and the far cars' in steps, and _steps % _interval.</summary>
    double _dt = double.NaN;
    int _interval, _farEvery, _phase;
    Track? _track;
    EgoView _ego;

    public TrafficOptions Options { get; } = options;
    readonly double _brakingScale = options.Idm.BrakingScale;

    double Idm(double speed, double desired, double gap, double approachRate) => Options.Idm.Acceleration(speed, desired, gap, approachRate, _brakingScale);
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
            _stateStep = new long[capacity];
            _moving = new int[capacity];
            _checkAt = new long[capacity];
        }
        _stateStep.AsSpan().Clear();
        _checkAt.AsSpan().Clear();
        _lastEgoS = ego.S;
        _segment.AsSpan().Fill(-1);
        _egoSegment = -1;
        if (_laneCentres.Length != Options.Lanes) _laneCentres = new double[Options.Lanes];
        for (int k = 0; k < Options.Lanes; k++) _laneCentres[k] = TrafficOptions.LaneCentre(track.Width, Options.Lanes, k);
        _laneWidth = track.Width / Options.Lanes;
        if (_obstacles.Length < wantObstacles) _obstacles = new RoadObject[wantObstacles];
        RoadObject[] obstacles = _obstacles;
        _count = 0;
        _steps = 0;
        _phase = 0;
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
                double offset = _laneCentres[lane] + rng.Uniform(-1, 1) * Math.Max(0, (_laneWidth - width) / 4);
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
        _lanes.AsSpan().Clear();
        for (int i = 0; i < _count; i++) UpdateBox(i);
        SetEgo(ego);
    }

    void SetEgo(EgoView ego)
    {
        _ego = ego;
        _egoLanes = LaneBits(ego.Offset, ego.Width, -1);
        _egoKappa = double.NaN;
    }

    double EgoKappa()
    {
        if (double.IsNaN(_egoKappa)) _egoKappa = _track!.SampleFrom(ref _egoSegment, _ego.S).Curvature;
        return _egoKappa;
    }

    /// <summary>The lanes a body at this offset overlaps, plus <paramref name="lane"/> (≥ 0) as a bit set.</summary>
    int LaneBits(double offset, double width, int lane)
    {
        int bits = lane >= 0 ? 1 << lane : 0;
        double reach = (_laneWidth + width) / 2;
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
        if (dt != _dt)
        {
            _dt = dt;
            _interval = Math.Max(1, (int)Math.Round(Options.Mobil.DecisionInterval / dt));
            _farEvery = Options.FarStep > 0 ? Math.Max(1, (int)Math.Round(Options.FarStep / dt)) : 1;
            _phase = (int)(_steps % _interval);
        }
        int interval = _interval, farEvery = _farEvery, moving = 0;
        double length = track.Length, half = length / 2, near = Options.NearRange, egoS = ego.S;
        bool changes = Options.Lanes > 1;
        // A car stepped every step decides when (steps + i) % interval == 0: cars take turns. The first
        // such i, then every interval-th (a division per car, or per step, would cost more than the rest of its step).
        int decides = _phase == 0 ? 0 : interval - _phase;
        Span<RoadObject> objects = _objects.AsSpan(0, _cars);
        Span<long> stateStep = _stateStep.AsSpan(0, _cars), checkAt = _checkAt.AsSpan(0, _cars);
        double closing = MaxClosingSpeed * dt;
        // The ego car moved farther than it can drive (a reset or a placement): every car is looked at again.
        double moved = Math.Abs(ego.S - _lastEgoS);
        if (Math.Min(moved, length - moved) > closing) checkAt.Clear();
        _lastEgoS = ego.S;
        for (int i = 0; i < objects.Length; i++)
        {
            ref RoadObject c = ref objects[i];
            bool turn = i == decides;
            if (turn) decides += interval;
            if (_steps < checkAt[i]) continue;
            int span = (int)(_steps + 1 - stateStep[i]);
            if (span < farEvery)
            {
                double ds = c.S - egoS;
                if (ds >= half) ds -= length;
                else if (ds < -half) ds += length;
                double beyond = Math.Abs(ds) - near;
                if (beyond > 0)
                {
                    // Asleep until its next far step, or until it could have come within the near range.
                    checkAt[i] = Math.Min(stateStep[i] + farEvery - 1, _steps + (long)(beyond / closing));
                    continue;
                }
            }
            _moving[moving++] = i;
            Neighbours own = Around(i, c.Lane, c.S);
            _accel[i] = IdmBehind(c.Speed, c.DesiredSpeed, c.Length, _kappa[i], c.Lane, own.Ahead, own.AheadDistance);
            // A far car decides when its step covers one of its turns.
            if (changes && c.LateralSpeed == 0 && (span == 1 ? turn : TurnWithin(i, stateStep[i], _steps, interval))) ConsiderLaneChange(i, own, ref _accel[i]);
        }
        _steps++;
        if (++_phase == interval) _phase = 0;
        foreach (int i in _moving.AsSpan(0, moving))
        {
            ref RoadObject c = ref objects[i];
            // The steps since its state's time: one for a near car, the far step (or what it slept) for a far one.
            double h = dt * (_steps - stateStep[i]);
            double v = Math.Max(0, c.Speed + _accel[i] * h);
            double mean = 0.5 * (c.Speed + v);
            c.Speed = v;
            double stretch = Math.Max(0.2, 1 - _kappa[i] * c.Offset);
            c.S = track.WrapS(c.S + mean * h / stretch);
            if (c.LateralSpeed != 0)
            {
                double centre = _laneCentres[c.Lane], next = c.Offset + c.LateralSpeed * h;
                if ((c.LateralSpeed > 0 && next >= centre) || (c.LateralSpeed < 0 && next <= centre)) { next = centre; c.LateralSpeed = 0; }
                c.Offset = next;
            }
            stateStep[i] = _steps;
            UpdateBox(i);
        }
    }

    /// <summary>Whether car i's turn, (t + i) % interval == 0, falls on a step t in [from, to] (a whole interval always holds one: no remainders then).</summary>
    static bool TurnWithin(int i, long from, long to, int interval) =>
        to - from + 1 >= interval || from + (interval - (from + i) % interval) % interval <= to;

    /// <summary>
    /// MOBIL for car i towards each neighbouring lane; starts the best change that passes. One scan of a
    /// lane finds car i's neighbours ahead and behind in it; a follower's leader without car i is then
    /// car i's leader in that lane, as nothing of the lane lies between them.
    /// </summary>
    void ConsiderLaneChange(int i, in Neighbours own, ref double accel)
    {
        ref RoadObject c = ref _objects[i];
        int bestLane = -1;
        double bestGain = double.NegativeInfinity, bestAccel = accel;
        // The old follower: with car i ahead now, and with car i gone.
        FollowerAccelerations(own, c.Lane, i, out double oWith, out double oWithout);
        for (int side = -1; side <= 1; side += 2)
        {
            int lane = c.Lane + side;
            if (lane < 0 || lane >= Options.Lanes) continue;
            Neighbours other = Around(i, lane, c.S);
            double after = IdmBehind(c.Speed, c.DesiredSpeed, c.Length, _kappa[i], lane, other.Ahead, other.AheadDistance);
            double gain = after - accel;
            // The new follower: its acceleration now, and with car i ahead of it.
            FollowerAccelerations(other, lane, i, out double nWith, out double nWithout);
            if (!Options.Mobil.ShouldChange(gain, nWith, nWithout, oWithout, oWith)) continue;
            if (gain > bestGain) { bestGain = gain; bestLane = lane; bestAccel = after; }
        }
        if (bestLane < 0) return;
        c.LateralSpeed = Math.Sign(_laneCentres[bestLane] - c.Offset) * Options.Mobil.LateralSpeed;
        c.Lane = bestLane;
        _lanes[i] |= 1 << bestLane;
        accel = bestAccel;
    }

    /// <summary>No object (an index of <see cref="Neighbours"/>); −1 is the ego car.</summary>
    const int None = -2;

    /// <summary>A car's nearest objects ahead and behind in one lane (indices; −1 the ego car, −2 none) and the arc distances between centres.</summary>
    struct Neighbours
    {
        public int Ahead, Behind;
        public double AheadDistance, BehindDistance;
    }

    /// <summary>Car i's neighbours in <paramref name="lane"/> within half the track each way.</summary>
    Neighbours Around(int i, int lane, double s)
    {
        double length = _track!.Length, half = length / 2;
        var n = new Neighbours { Ahead = None, Behind = None, AheadDistance = double.PositiveInfinity, BehindDistance = double.PositiveInfinity };
        int bit = 1 << lane;
        for (int j = 0; j < _count; j++)
            if (j != i && (_lanes[j] & bit) != 0) Offer(ref n, j, _objects[j].S - s, length, half);
        if ((_egoLanes & bit) != 0) Offer(ref n, -1, _ego.S - s, length, half);
        return n;
    }

    static void Offer(ref Neighbours n, int j, double ahead, double length, double half)
    {
        if (ahead < 0) ahead += length;
        if (ahead < half)
        {
            if (ahead < n.AheadDistance) { n.AheadDistance = ahead; n.Ahead = j; }
        }
        else if (length - ahead < n.BehindDistance) { n.BehindDistance = length - ahead; n.Behind = j; }
    }

    double LengthOf(int j) => j == -1 ? _ego.Length : _objects[j].Length;
    double SpeedOf(int j) => j == -1 ? _ego.Speed : _objects[j].Speed;

    /// <summary>
    /// The IDM acceleration of a car (speed v, desired v0, its length, the road's curvature κ there) behind
    /// <paramref name="leader"/> at an arc distance between centres in a lane; on a free road without one.
    /// The gap is bumper to bumper along the lane.
    /// </summary>
    double IdmBehind(double v, double v0, double length, double kappa, int lane, int leader, double distance) =>
        leader == None ? Idm(v, v0, double.PositiveInfinity, 0)
            : Idm(v, v0, distance * Math.Max(0.2, 1 - kappa * _laneCentres[lane]) - (length + LengthOf(leader)) / 2, v - SpeedOf(leader));

    /// <summary>
    /// The acceleration of car i's follower in a lane with car i ahead of it, and with car i's leader there
    /// instead (0 and 0 without a follower, or for an obstacle). The ego car has no IDM of its own: it is
    /// scored as an IDM driver content with its present speed.
    /// </summary>
    void FollowerAccelerations(in Neighbours n, int lane, int i, out double withCar, out double withoutCar)
    {
        withCar = withoutCar = 0;
        if (n.Behind == None) return;
        double v, v0, kappa;
        if (n.Behind == -1) { v = _ego.Speed; v0 = Math.Max(_ego.Speed, 1); kappa = EgoKappa(); }
        else
        {
            ref readonly RoadObject f = ref _objects[n.Behind];
            if (f.IsStatic) return;
            v = f.Speed; v0 = f.DesiredSpeed; kappa = _kappa[n.Behind];
        }
        double length = LengthOf(n.Behind);
        withCar = IdmBehind(v, v0, length, kappa, lane, i, n.BehindDistance);
        withoutCar = IdmBehind(v, v0, length, kappa, lane, n.Ahead, n.BehindDistance + n.AheadDistance);
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
        // A car settled in its lane keeps its one bit: the lanes are only looked up while it crosses, or once after.
        if (o.LateralSpeed != 0 || o.IsStatic || _lanes[i] != 1 << o.Lane) _lanes[i] = LaneBits(o.Offset, o.Width, o.IsStatic ? -1 : o.Lane);
    }

    /// <summary>The first object the box overlaps, or −1.</summary>
    public int FirstOverlap(in OrientedBox box)
    {
        for (int i = 0; i < _count; i++)
            if (OrientedBox.Overlaps(box, _boxes[i])) return i;
        return -1;
    }
}
