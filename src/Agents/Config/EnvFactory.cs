using RlLab.Envs;
using RlLab.Envs.Registry;

namespace RlLab.Agents.Config;

/// <summary>Builds the env stack of an experiment (registry env, time limit, episode statistics, the YAML wrappers) through <see cref="EnvStack"/>.</summary>
public static class EnvFactory
{
    public static EnvStack Stack(EnvConfig config, IReadOnlyDictionary<string, object?>? optionOverrides = null)
    {
        var options = new Dictionary<string, object?>(config.Options);
        // An override of null removes the option (e.g. eval on one track drops the training track set).
        foreach (var (k, v) in optionOverrides ?? new Dictionary<string, object?>())
            if (v is null) options.Remove(k);
            else options[k] = v;
        var wrappers = config.Wrappers.Select(w => new WrapperSpec(w.Name, new EnvOptions(w.Options))).ToList();
        return new EnvStack(config.Id, new EnvOptions(options), wrappers);
    }

    /// <summary>
    /// Option overrides that play one given track instead of the experiment's training set:
    /// <c>track</c> is set and <c>tracks</c> removed (a null override removes an option).
    /// </summary>
    public static Dictionary<string, object?> SingleTrack(string track) => new() { ["track"] = track, ["tracks"] = null };

    public static IEnv Make(EnvConfig config, int index, IReadOnlyDictionary<string, object?>? optionOverrides = null)
    {
        _ = index;
        return Stack(config, optionOverrides).Make();
    }
}
