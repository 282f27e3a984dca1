namespace RlLab.Sim.Tracks;

/// <summary>Options of the procedural track generator.</summary>
/// <param name="LengthMin">Shortest lap (m).</param>
/// <param name="LengthMax">Longest lap (m); each seed draws a length in [min, max].</param>
/// <param name="LaneWidth">Road width (m); 4 m as in the MIT lab.</param>
/// <param name="MaxCurvature">Largest |curvature| anywhere on the track (1/m); 0.08 is a 12.5 m radius.</param>
/// <param name="Spacing">Distance between centreline points (m).</param>
public sealed record TrackGenOptions(
    double LengthMin = 400,
    double LengthMax = 800,
    double LaneWidth = Track.DefaultLaneWidth,
    double MaxCurvature = 0.08,
    double Spacing = 1.0)
{
    public static TrackGenOptions Default { get; } = new();

    /// <summary>Non-adjacent parts of the road keep at least this much grass between their edges (m).</summary>
    public double Clearance => 6.0;

    public void Validate()
    {
        if (!(LengthMin >= 50)) throw new ArgumentException($"track_length_min {LengthMin} must be at least 50 m");
        if (!(LengthMax >= LengthMin)) throw new ArgumentException($"track_length_max {LengthMax} is below track_length_min {LengthMin}");
        if (!(LaneWidth is > 0.5 and <= 30)) throw new ArgumentException($"lane_width {LaneWidth} must be in (0.5, 30] m");
        if (!(Spacing is > 0.1 and <= 5)) throw new ArgumentException($"spacing {Spacing} must be in (0.1, 5] m");
        // A circle is the least curved closed loop: it needs curvature 2π/L.
        double least = 2 * Math.PI / LengthMin;
        if (!(MaxCurvature >= least * 1.2))
            throw new ArgumentException($"max_curvature {MaxCurvature} is too small for a {LengthMin} m loop (needs at least {least * 1.2:F4} 1/m)");
        if (MaxCurvature * (LaneWidth / 2) >= 0.9)
            throw new ArgumentException($"max_curvature {MaxCurvature} is too tight for lane width {LaneWidth}: the inner edge would fold");
    }
}
