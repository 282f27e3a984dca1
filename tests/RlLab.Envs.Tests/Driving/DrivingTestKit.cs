using RlLab.Envs.Driving;
using RlLab.Envs.Registry;
using RlLab.Envs.Tests.Sim;

namespace RlLab.Envs.Tests.Driving;

static class DrivingTestKit
{
    public static IEnv Make(params (string Key, object? Value)[] options) =>
        EnvRegistry.Default.Make("Driving", new EnvOptions(options.ToDictionary(o => o.Key, o => o.Value)));

    public static string OvalPath => TestTracks.RepoFile("experiments", "tracks", "oval.track");

    /// <summary>Puts the ego car at arc position s of the current track, with an offset and heading error.</summary>
    public static void Place(DrivingCore core, double s, double offset = 0, double headingError = 0) =>
        core.PlaceCar(s, offset, headingError);
}
