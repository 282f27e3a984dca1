namespace RlLab.Sim.Tracks;

/// <summary>
/// Where a point lies relative to the centreline: the arc position of its foot point, the signed
/// lateral offset (positive to the left of the driving direction), and the centreline heading there.
/// </summary>
public readonly record struct TrackProjection(int Segment, double S, double Offset, double Heading, double Curvature)
{
    /// <summary>The heading of a car relative to the centreline, wrapped to (-π, π].</summary>
    public double HeadingError(double carHeading) => Angles.Wrap(carHeading - Heading);
}
