using RlLab.Envs.Wrappers;

namespace RlLab.Envs.Plugins;

/// <summary>
/// Wraps a plug-in env so that whatever its own code throws from Reset or Step (a write past the
/// observation span is an IndexOutOfRangeException) becomes a <see cref="PluginEnvException"/> naming
/// the env: one line for the user, not a trace. A try block costs nothing until something throws.
/// </summary>
public sealed class GuardedPluginEnv<TObs>(IEnv<TObs> inner, string id) : Wrapper<TObs>(inner) where TObs : unmanaged
{
    public override void Reset(Span<TObs> observation, int? seed = null)
    {
        try { Inner.Reset(observation, seed); }
        catch (Exception e) when (IsUsers(e)) { throw new PluginEnvException(id, "Reset", e); }
    }

    public override StepResult Step(ReadOnlySpan<float> action, Span<TObs> observation)
    {
        try { return Inner.Step(action, observation); }
        catch (Exception e) when (IsUsers(e)) { throw new PluginEnvException(id, "Step", e); }
    }

    static bool IsUsers(Exception e) => GuardedPluginEnv.IsUsers(e);
}

/// <summary>Builds <see cref="GuardedPluginEnv{TObs}"/>s.</summary>
public static class GuardedPluginEnv
{
    /// <summary>A plug-in's factory, guarded: its constructor's throw and its env's Reset/Step throws name the env.</summary>
    public static Func<Registry.EnvOptions, IEnv> Factory(Func<Registry.EnvOptions, IEnv> create, string id) => options =>
    {
        IEnv env;
        try { env = create(options); }
        catch (Exception e) when (IsUsers(e)) { throw new PluginEnvException(id, "constructor", e); }
        return env switch
        {
            IEnv<float> f => new GuardedPluginEnv<float>(f, id),
            IEnv<byte> b => new GuardedPluginEnv<byte>(b, id),
            _ => env,
        };
    };

    /// <summary>Memory exhaustion is the process's, not the env's; an env option error already names its key.</summary>
    internal static bool IsUsers(Exception e) => e is not (OutOfMemoryException or PluginEnvException or Registry.EnvOptionException);
}
