namespace RlLab.Sim.Rules;

/// <summary>
/// Tracks progress along a closed track from the arc position seen each step: the unwrapped
/// progress (metres along the centreline since the start, negative when driving backwards),
/// completed laps and lap times. A lap is counted when the progress first passes a new whole
/// multiple of the track length, so reversing over the line and back never counts twice.
/// </summary>
public sealed class LapCounter
{
    double _length, _lastS, _lapStart;

    /// <summary>Metres along the centreline since the start (unwrapped, may be negative).</summary>
    public double Progress { get; private set; }
    /// <summary>The largest progress reached; the "distance without a crash".</summary>
    public double MaxProgress { get; private set; }
    public int Laps { get; private set; }
    /// <summary>Seconds of the last completed lap, NaN before the first.</summary>
    public double LastLapTime { get; private set; } = double.NaN;
    public double BestLapTime { get; private set; } = double.NaN;

    public void Reset(double trackLength, double startS, double time = 0)
    {
        _length = trackLength;
        _lastS = startS;
        _lapStart = time;
        Progress = MaxProgress = 0;
        Laps = 0;
        LastLapTime = BestLapTime = double.NaN;
    }

    /// <summary>Feeds the arc position after a step; returns the progress gained this step (m).</summary>
    public double Update(double s, double time)
    {
        double ds = s - _lastS;
        // Moves across the start line wrap by one length; a step is far shorter than half a lap.
        if (ds > _length / 2) ds -= _length;
        else if (ds < -_length / 2) ds += _length;
        _lastS = s;
        Progress += ds;
        if (Progress > MaxProgress)
        {
            MaxProgress = Progress;
            while (MaxProgress >= (Laps + 1) * _length)
            {
                Laps++;
                // Interpolate the crossing time is overkill at 15 Hz: the step's end time is used.
                LastLapTime = time - _lapStart;
                _lapStart = time;
                if (!(BestLapTime <= LastLapTime)) BestLapTime = LastLapTime;
            }
        }
        return ds;
    }
}
