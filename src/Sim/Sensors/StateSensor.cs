using RlLab.Sim.Tracks;


namespace RlLab.Sim.Sensors;

/// <summary>
/// The compact observation: [offset, heading error, speed, curvature ahead × K], each scaled to
/// about [-1, 1]: offset / max offset, heading error / max heading error (so ±1 is the crash
/// limit), speed / 10 m/s, and curvature × 10 (1/m) sampled every lookahead/K metres ahead.
/// </summary>
public sealed class StateSensor(int curvatureSamples = 6, double lookahead = 30)
{
    public const double SpeedScale = 10, CurvatureScale = 10;

    public int CurvatureSamples { get; } = curvatureSamples;
    public double Lookahead { get; } = lookahead;
    public int Size => 3 + CurvatureSamples;

    /// <param name="maxOffset">The crash rule's offset limit (m), the scale of the offset.</param>
    /// <param name="maxHeadingError">The crash rule's heading limit (rad), the scale of the heading error.</param>
    public void Write(Span<float> obs, Track track, in TrackProjection p, double headingError, double speed, double maxOffset, double maxHeadingError)
    {
        obs[0] = (float)(p.Offset / maxOffset);
        obs[1] = (float)(headingError / maxHeadingError);
        obs[2] = (float)(speed / SpeedScale);
        double step = Lookahead / CurvatureSamples;
        // Each look walks on from the last one's segment (CurvatureAt's values, without a search each).
        int segment = p.Segment;
        for (int k = 0; k < CurvatureSamples; k++)
            obs[3 + k] = (float)(track.CurvatureFrom(ref segment, p.S + (k + 1) * step) * CurvatureScale);
    }
}
