using RlLab.Envs.Registry;

namespace RlLab.Envs.Pong;

/// <summary>Builds the <c>Pong</c> env of the registry: a byte env for images, a float env for the state vector.</summary>
public static class PongEnvFactory
{
    /// <summary>The env id Pong is registered under.</summary>
    public const string Id = "Pong";
    public const string Description = "Atari Pong, native and ROM-free: 210x160 RGB, MIT 80x80 or state observations, 6 ALE actions, frameskip, sticky actions";

    public static IEnv Create(EnvOptions options)
    {
        PongEnvConfig config = PongEnvConfig.FromOptions(options);
        return config.Observation == PongObservation.State ? new PongStateEnv(config) : new PongEnv(config);
    }
}
