using RlLab.Envs.Registry;

namespace RlLab.Envs.Plugins;

/// <summary>
/// A registration call in a user's assembly: every public class implementing it (with a public
/// parameterless constructor) is created once by <see cref="EnvAssemblies.Load"/> and adds its
/// <see cref="EnvSpec"/>s, with factories and <see cref="EnvDoc"/> pages, to the registry.
/// </summary>
public interface IEnvRegistration
{
    void Register(EnvRegistry registry);
}
