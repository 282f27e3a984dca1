using System.CommandLine;
using RlLab.Envs.Plugins;

namespace RlLab.Cli;

/// <summary>`--assembly PATH` (repeatable): registers the envs of a user's assembly before a verb runs (docs/custom-env.md).</summary>
public static class EnvAssemblyOption
{
    public static Option<string[]> Create() => new("--assembly")
    {
        Description = "Load envs from your own .NET assembly first (repeatable; see docs/custom-env.md)",
        HelpName = "PATH.dll",
        AllowMultipleArgumentsPerToken = false,
    };

    public static void Load(string[]? paths)
    {
        foreach (string p in paths ?? []) EnvAssemblies.Load(p);
    }
}
