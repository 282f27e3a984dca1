using RlLab.Envs;
using RlLab.Envs.Registry;

namespace RlLab.Agents.Config;

/// <summary>
/// Builds the env stack of an experiment through <see cref="EnvStack"/>: the registered env, its time
/// limit, episode statistics, then the YAML <c>env.wrappers</c> in order (e.g. frame_stack).
/// </summary>
public static class EnvFactory
{
    public static IEnv Make(EnvConfig config, int index, IReadOnlyDictionary<string, object?>? optionOverrides = null)
    {
        var options = new Dictionary<string, object?>(config.Options);
        // An override of null removes the option (e.g. eval on one track drops the training track set).
        foreach (var (k, v) in optionOverrides ?? new Dictionary<string, object?>())
            if (v is null) options.Remove(k);
            else options[k] = v;
        _ = index;
        WrapperSpec[] wrappers = [.. config.Wrappers.Select(w => new WrapperSpec(w.Name, new EnvOptions(w.Options)))];
        return new EnvStack(config.Id, new EnvOptions(options), wrappers).Make();
    }
}
