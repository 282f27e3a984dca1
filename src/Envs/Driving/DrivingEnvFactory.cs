using RlLab.Envs.Registry;

namespace RlLab.Envs.Driving;

/// <summary>Builds the <c>Driving</c> env of the registry: a float env for state/lidar, a byte env for images.</summary>
public static class DrivingEnvFactory
{
    public const string Description = "2D driving: procedural or named tracks; state, lidar, topdown or camera observations (MIT VISTA-like rules)";

    public static IEnv Create(EnvOptions options)
    {
        DrivingConfig config = DrivingConfig.FromOptions(options);
        try
        {
            return config.Observation is ObservationMode.State or ObservationMode.Lidar
                ? new DrivingEnv(config)
                : new DrivingImageEnv(config);
        }
        catch (Exception e) when (e is RlLab.Sim.Tracks.TrackFormatException or FileNotFoundException)
        {
            // A broken track file is a bad 'track' option; the message keeps its file:line.
            throw new EnvOptionException("track", e.Message);
        }
        catch (ArgumentException e)
        {
            throw new EnvOptionException("observation", e.Message);
        }
    }
}
