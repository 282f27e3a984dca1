namespace RlLab.Envs.Registry;

/// <summary>
/// One registered environment: an id, a line for `rllab envs`, a factory, and its reference page
/// (<see cref="EnvDoc"/>, printed by `rllab envs ID`; docs/envs/ holds the same text).
/// </summary>
public sealed record EnvSpec(string Id, string Description, Func<EnvOptions, IEnv> Create, int? MaxEpisodeSteps = null, EnvDoc? Doc = null)
{
    /// <summary>
    /// The top-level option keys that are the agent's interface (<see cref="OptionRole"/>). An env without
    /// a reference page declares none, so a race sets all of its options.
    /// </summary>
    public IReadOnlySet<string> InterfaceOptions { get; } =
        (Doc?.Options ?? []).Where(o => o.Role == OptionRole.Interface).Select(o => o.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>Registered from a user's assembly (<see cref="Plugins.EnvAssemblies"/>): its envs are guarded and probed before a run.</summary>
    public bool IsPlugin { get; init; }
}

/// <summary>
/// Maps env ids to factories. Built-in envs register themselves in <see cref="Default"/>;
/// users may add their own with <see cref="Register"/>.
/// </summary>
public sealed class EnvRegistry
{
    readonly Dictionary<string, EnvSpec> _specs = new(StringComparer.OrdinalIgnoreCase);

    public static EnvRegistry Default { get; } = BuiltIn.Create();

    public IEnumerable<EnvSpec> Specs => _specs.Values.OrderBy(s => s.Id, StringComparer.Ordinal);

    public void Register(EnvSpec spec)
    {
        if (!_specs.TryAdd(spec.Id, spec)) throw new ArgumentException($"env '{spec.Id}' is already registered");
    }

    public bool TryGet(string id, out EnvSpec spec) => _specs.TryGetValue(id, out spec!);

    /// <summary>
    /// Of an agent's options for env <paramref name="id"/>, the ones that are its interface (what a race or a
    /// match keeps from a bundle); none for an env that is not registered or declares none.
    /// </summary>
    public Dictionary<string, object?> InterfaceOf(string id, IReadOnlyDictionary<string, object?> options)
    {
        IReadOnlySet<string> keep = TryGet(id, out EnvSpec spec) ? spec.InterfaceOptions : new HashSet<string>();
        return options.Where(kv => keep.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    /// <summary>Replaces a registered spec (a plug-in's, once its factory is guarded).</summary>
    internal void Replace(EnvSpec spec) => _specs[spec.Id] = spec;

    /// <summary>
    /// Creates the env and checks that every option was understood. Throws
    /// <see cref="EnvOptionException"/> for a bad or unknown option, <see cref="KeyNotFoundException"/> for an unknown id.
    /// </summary>
    public IEnv Make(string id, EnvOptions? options = null)
    {
        if (!_specs.TryGetValue(id, out EnvSpec? spec))
            throw new KeyNotFoundException($"unknown env '{id}'; known: {string.Join(", ", _specs.Keys.Order())}");
        options ??= EnvOptions.Empty;
        IEnv env = spec.Create(options);
        foreach (string key in options.UnusedKeys)
        {
            env.Dispose();
            throw new EnvOptionException(key, $"unknown option '{key}' for env {spec.Id}");
        }
        return env;
    }
}
