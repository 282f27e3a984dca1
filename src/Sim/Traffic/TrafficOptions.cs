namespace RlLab.Sim.Traffic;

/// <summary>
/// The other road users of a driving world. Lanes split the road's width evenly and all run in
/// the track's direction (a one-way circuit, as highway-env's highway); lane 0 is the rightmost.
/// </summary>
/// <param name="Lanes">Lanes across the road (1: today's single lane).</param>
/// <param name="Density">Other cars per km of road (all lanes together).</param>
/// <param name="ObstaclesPerKm">Static obstacles per km: parked cars and cones, half each.</param>
/// <param name="Speed">The mean desired speed of the other cars (m/s); each draws v0 in ±<see cref="SpeedSpread"/> of it.</param>
/// <param name="SpeedSpread">Relative spread of the desired speeds (0.2: ±20 %).</param>
public sealed record TrafficOptions(
    int Lanes = 1,
    double Density = 0,
    double ObstaclesPerKm = 0,
    double Speed = 6,
    double SpeedSpread = 0.2)
{
    public IdmParams Idm { get; init; } = IdmParams.Default;
    public MobilParams Mobil { get; init; } = MobilParams.Default;

    /// <summary>Cars within this arc distance of the ego car (body centres) are stepped every step (m); the driving env sets it to its sensors' reach plus a margin.</summary>
    public double NearRange { get; init; } = 60;

    /// <summary>How often a car beyond <see cref="NearRange"/> is stepped (s; SUMO's default step); 0 steps every car every step.</summary>
    public double FarStep { get; init; } = 1;

    /// <summary>Road kept free at the start: behind and ahead of the ego car (m).</summary>
    public const double ClearBehind = 20, ClearAhead = 40;

    /// <summary>Whether any object is placed (lanes alone change only the start lane).</summary>
    public bool HasObjects => Density > 0 || ObstaclesPerKm > 0;

    public static TrafficOptions None { get; } = new();

    /// <summary>The lateral offset of lane i's centre for a road of the given width (lane 0 rightmost; one lane: 0).</summary>
    public static double LaneCentre(double roadWidth, int lanes, int lane) => -roadWidth / 2 + (lane + 0.5) * (roadWidth / lanes);

    /// <summary>How far an offset is from the centre of the lane it lies in, over half a lane's width (0 on the centre, 1 on a lane line or the edge; more beyond the road).</summary>
    public static double FromLaneCentre(double roadWidth, int lanes, double offset) =>
        Math.Abs(offset - LaneCentre(roadWidth, lanes, LaneAt(roadWidth, lanes, offset))) / (roadWidth / lanes / 2);

    /// <summary>The lane an offset lies in (beyond the road: the outermost lane on that side).</summary>
    public static int LaneAt(double roadWidth, int lanes, double offset) =>
        Math.Clamp((int)Math.Floor((offset + roadWidth / 2) / (roadWidth / lanes)), 0, lanes - 1);
}
