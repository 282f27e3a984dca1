namespace RlLab.Envs.Plugins;

/// <summary>A user's env (env.assembly, --assembly) threw from its own code: named with the env and its message, one line, never a trace.</summary>
public sealed class PluginEnvException(string id, string where, Exception inner)
    : Exception($"env {id}: its {where} threw {inner.GetType().Name}: {inner.Message.ReplaceLineEndings(" ")}", inner)
{
    public string EnvId { get; } = id;
}
