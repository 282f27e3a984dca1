namespace RlLab.Envs.Plugins;

/// <summary>
/// Marks a class of a user's assembly as an env, so that <see cref="EnvAssemblies.Load"/> registers it
/// without any edit to RlLab. The class implements <see cref="IEnv{TObs}"/> (float or byte observations)
/// and has a public constructor taking <see cref="Registry.EnvOptions"/>, or none.
/// For a reference page or a custom factory, implement <see cref="IEnvRegistration"/> instead.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RlLabEnvAttribute(string id) : Attribute
{
    public string Id { get; } = id;
    /// <summary>The line `rllab envs` prints.</summary>
    public string Description { get; init; } = "";
    /// <summary>Steps before the TimeLimit wrapper truncates (option <c>max_steps</c> overrides it); 0: no wrapper.</summary>
    public int MaxEpisodeSteps { get; init; }
}
