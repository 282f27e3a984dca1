using System.Reflection;
using System.Runtime.Loader;
using RlLab.Envs.Registry;

namespace RlLab.Envs.Plugins;

/// <summary>
/// Loads envs from a user's own assembly: classes marked <see cref="RlLabEnvAttribute"/> and
/// <see cref="IEnvRegistration"/> implementations. The assembly joins the default load context, so it
/// shares RlLab.Envs' types with RlLab; its own dependencies are looked up next to it (its deps.json).
/// Loading the same file twice into one registry registers nothing new.
/// Errors that are the user's (no file, not an assembly, a bad env class, a duplicate id) throw
/// <see cref="FileNotFoundException"/> or <see cref="InvalidDataException"/> with one line naming the file.
/// </summary>
public static class EnvAssemblies
{
    /// <summary>The environment variable `rllab` reads at start: assembly paths separated by ':'.</summary>
    public const string EnvironmentVariable = "RLLAB_ENV_ASSEMBLIES";

    static readonly Lock Gate = new();
    static readonly Dictionary<EnvRegistry, Dictionary<string, string[]>> Loaded = new(ReferenceEqualityComparer.Instance);

    /// <summary>Registers the envs of the assembly at <paramref name="path"/> (relative to the current directory); returns their ids.</summary>
    public static IReadOnlyList<string> Load(string path, EnvRegistry? registry = null)
    {
        registry ??= EnvRegistry.Default;
        string full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"env assembly not found: {path}", full);
        lock (Gate)
        {
            if (!Loaded.TryGetValue(registry, out Dictionary<string, string[]>? files)) Loaded[registry] = files = new(StringComparer.Ordinal);
            if (files.TryGetValue(full, out string[]? known)) return known;
            Assembly assembly = LoadAssembly(full, path);
            string[] ids = Register(assembly, registry, path);
            files[full] = ids;
            return ids;
        }
    }

    /// <summary>Loads every path listed in <see cref="EnvironmentVariable"/>, if set.</summary>
    public static void LoadFromEnvironment(EnvRegistry? registry = null)
    {
        string? list = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(list)) return;
        foreach (string p in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            Load(p, registry);
    }

    static Assembly LoadAssembly(string full, string shown)
    {
        var resolver = new AssemblyDependencyResolver(full);
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            resolver.ResolveAssemblyToPath(name) is string dep ? context.LoadFromAssemblyPath(dep) : null;
        try
        {
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(full);
        }
        catch (BadImageFormatException)
        {
            throw new InvalidDataException($"{shown}: not a .NET assembly");
        }
    }

    static string[] Register(Assembly assembly, EnvRegistry registry, string shown)
    {
        Type[] types;
        try { types = assembly.GetExportedTypes(); }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or FileLoadException)
        {
            throw new InvalidDataException($"{shown}: cannot load its types ({e.Message.Split('\n')[0]}); was it built against this RlLab?");
        }
        var before = registry.Specs.Select(s => s.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (Type t in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            try
            {
                if (t.GetCustomAttribute<RlLabEnvAttribute>() is RlLabEnvAttribute a) registry.Register(SpecFor(t, a, shown));
                if (typeof(IEnvRegistration).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
                {
                    if (t.GetConstructor(Type.EmptyTypes) is null)
                        throw new InvalidDataException($"{shown}: {t.FullName} implements IEnvRegistration but has no public parameterless constructor");
                    ((IEnvRegistration)Activator.CreateInstance(t)!).Register(registry);
                }
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{shown}: {t.FullName}: {e.Message}");
            }
        }
        string[] ids = [.. registry.Specs.Select(s => s.Id).Where(id => !before.Contains(id))];
        if (ids.Length == 0)
            throw new InvalidDataException($"{shown}: no env found (mark a public env class [RlLabEnv(\"Id\")] or implement IEnvRegistration)");
        // Every env of the assembly, however registered, reports a throw from its own Reset or Step by name.
        foreach (string id in ids)
        {
            registry.TryGet(id, out EnvSpec spec);
            registry.Replace(spec with { Create = GuardedPluginEnv.Factory(spec.Create, id), IsPlugin = true });
        }
        return ids;
    }

    static EnvSpec SpecFor(Type t, RlLabEnvAttribute a, string shown)
    {
        if (!typeof(IEnv).IsAssignableFrom(t) || t.IsAbstract)
            throw new InvalidDataException($"{shown}: {t.FullName} is marked [RlLabEnv] but is not a concrete IEnv");
        ConstructorInfo? withOptions = t.GetConstructor([typeof(EnvOptions)]);
        ConstructorInfo? plain = t.GetConstructor(Type.EmptyTypes);
        if (withOptions is null && plain is null)
            throw new InvalidDataException($"{shown}: {t.FullName} needs a public constructor taking EnvOptions, or none");
        Func<EnvOptions, IEnv> create = withOptions is not null
            ? o => Construct(withOptions, [o], a.Id)
            : _ => Construct(plain!, [], a.Id);
        string description = a.Description.Length > 0 ? a.Description : $"{t.FullName} from {Path.GetFileName(shown)}";
        return new EnvSpec(a.Id, description, create, a.MaxEpisodeSteps > 0 ? a.MaxEpisodeSteps : null);
    }

    /// <summary>
    /// Calls a constructor, letting a bad option (<see cref="EnvOptionException"/>, which names it) through
    /// unwrapped; anything else the user's code throws becomes a <see cref="PluginEnvException"/> naming the env.
    /// </summary>
    static IEnv Construct(ConstructorInfo c, object[] args, string id)
    {
        try { return (IEnv)c.Invoke(args); }
        catch (TargetInvocationException e) when (e.InnerException is EnvOptionException option)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(option).Throw();
            throw;
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner and not OutOfMemoryException)
        {
            throw new PluginEnvException(id, "constructor", inner);
        }
    }
}
