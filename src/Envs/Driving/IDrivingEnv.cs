namespace RlLab.Envs.Driving;

/// <summary>
/// What viewers read from a driving env, whatever its observation type: the shared core (track,
/// car, rules, counters) and the last sensor outputs.
/// </summary>
public interface IDrivingEnv : IEnv
{
    DrivingCore Core { get; }
    /// <summary>The last lidar distances (m), empty unless the observation is lidar.</summary>
    ReadOnlySpan<float> LidarDistances { get; }
    /// <summary>The last rendered image (HWC bytes), empty for vector observations.</summary>
    ReadOnlySpan<byte> Image { get; }
    int ImageWidth { get; }
    int ImageHeight { get; }
    int ImageChannels { get; }
}
