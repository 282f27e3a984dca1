using RlLab.Envs;
using RlLab.Envs.Registry;
using RlLab.Envs.Wrappers;

namespace RlLab.Agents.Config;

/// <summary>Builds the env stack of an experiment: registry env, time limit, episode statistics, user wrappers.</summary>
public static class EnvFactory
{
    public static IEnv Make(EnvConfig config, int index, IReadOnlyDictionary<string, object?>? optionOverrides = null)
    {
        var options = new Dictionary<string, object?>(config.Options);
        // An override of null removes the option (e.g. eval on one track drops the training track set).
        foreach (var (k, v) in optionOverrides ?? new Dictionary<string, object?>())
            if (v is null) options.Remove(k);
            else options[k] = v;
        IEnv env = EnvRegistry.Default.Make(config.Id, new EnvOptions(options));
        EnvRegistry.Default.TryGet(config.Id, out EnvSpec spec);
        _ = index;
        return env switch
        {
            IEnv<float> f => Wrap(f, spec),
            IEnv<byte> b => Wrap(b, spec),
            _ => throw new NotSupportedException($"env {config.Id}: unsupported observation type"),
        };
    }

    static IEnv Wrap<T>(IEnv<T> env, EnvSpec spec) where T : unmanaged
    {
        if (spec.MaxEpisodeSteps is int max) env = new TimeLimit<T>(env, max);
        return new EpisodeStatistics<T>(env);
    }
}
