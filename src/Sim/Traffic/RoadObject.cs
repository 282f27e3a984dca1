namespace RlLab.Sim.Traffic;

/// <summary>What a road object is: a moving car, or a static obstacle.</summary>
public enum RoadObjectKind : byte { Car, ParkedCar, Cone }

/// <summary>
/// One other road user or obstacle, placed along the road: its arc position s on the centreline,
/// its lateral offset (positive left), and for cars the IDM/MOBIL state. The world pose of its
/// body is in <see cref="Traffic.Boxes"/> at the same index.
/// </summary>
public struct RoadObject
{
    public RoadObjectKind Kind;
    /// <summary>The lane the object is in; for a car changing lanes, the lane it is moving to.</summary>
    public int Lane;
    /// <summary>Arc position of the body centre on the road centreline (m, in [0, length)).</summary>
    public double S;
    /// <summary>Lateral offset of the body centre (m, positive left).</summary>
    public double Offset;
    /// <summary>Speed along the lane (m/s); 0 for obstacles.</summary>
    public double Speed;
    /// <summary>IDM's v0 (m/s).</summary>
    public double DesiredSpeed;
    /// <summary>Lateral speed during a lane change (m/s, positive left).</summary>
    public double LateralSpeed;
    public double Length;
    public double Width;
    /// <summary>Height for the camera (m).</summary>
    public double Height;
    /// <summary>World velocity after the last step (m/s).</summary>
    public double VelocityX, VelocityY;

    public readonly bool IsStatic => Kind != RoadObjectKind.Car;
}
