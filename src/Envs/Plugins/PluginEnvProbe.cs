using RlLab.Envs.Registry;
using RlLab.Envs.Spaces;

namespace RlLab.Envs.Plugins;

/// <summary>
/// Builds a plug-in env once and plays a reset and one step on it, before a run folder exists: a bug in
/// the user's Reset or Step (a throw, a write past the observation) is then a one-line error with no
/// run left behind. Built-in envs are not probed (their tests do that).
/// </summary>
public static class PluginEnvProbe
{
    /// <summary>Throws <see cref="PluginEnvException"/> if <paramref name="id"/> is a plug-in env that fails a reset and a step.</summary>
    public static void Check(EnvRegistry registry, string id, EnvOptions options, int seed)
    {
        if (!registry.TryGet(id, out EnvSpec spec) || !spec.IsPlugin) return;
        using IEnv env = registry.Make(id, options);
        switch (env)
        {
            case IEnv<float> f: Play(f, seed); break;
            case IEnv<byte> b: Play(b, seed); break;
        }
    }

    static void Play<TObs>(IEnv<TObs> env, int seed) where TObs : unmanaged
    {
        var observation = new TObs[env.ObservationSpace.FlatSize];
        var action = new float[env.ActionSpace is Discrete ? 1 : env.ActionSpace.FlatSize];
        env.Reset(observation, seed);
        env.Step(action, observation);
    }
}
