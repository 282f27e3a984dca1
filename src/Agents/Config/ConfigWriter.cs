using System.Globalization;
using YamlDotNet.Serialization;

namespace RlLab.Agents.Config;

/// <summary>Writes a resolved config back to YAML in the same shape <see cref="ConfigLoader"/> reads.</summary>
public static class ConfigWriter
{
    public static string ToYaml(ExperimentConfig c)
    {
        // ConfigKeys.For decides which keys are written (the shared ones and the algorithm's); Value and the algorithm map each to the record.
        var tree = new Dictionary<string, object?>();
        foreach (string section in ConfigKeys.Sections) tree[section] = new Dictionary<string, object?>();
        foreach (ConfigKey key in ConfigKeys.For(c.Algo.Algorithm))
        {
            object? value = key.Section == "algo" && key != ConfigKeys.AlgoName ? c.Algo.Algorithm.Value(c.Algo, key) : Value(c, key);
            if (value is null && key.OmitWhenNull) continue; // no key rather than an empty one
            if (key.Section.Length == 0) tree[key.Name] = value;
            else ((Dictionary<string, object?>)tree[key.Section]!)[key.Name] = value;
        }
        foreach (string optional in ConfigKeys.OptionalSections)
            if (tree[optional] is Dictionary<string, object?> { Count: 0 }) tree.Remove(optional);
        // name and seed first, as in the files users write.
        var ordered = tree.Where(p => p.Value is not Dictionary<string, object?>).Concat(tree.Where(p => p.Value is Dictionary<string, object?>))
            .ToDictionary(p => p.Key, p => p.Value);
        return new SerializerBuilder().Build().Serialize(Format(ordered));
    }

    static object? Value(ExperimentConfig c, ConfigKey key) => key.Path switch
    {
        "name" => c.Name,
        "seed" => c.Seed,
        "env.id" => c.Env.Id,
        "env.assembly" => c.Env.Assembly,
        "env.num_envs" => c.Env.NumEnvs,
        "env.threads" => c.Env.Threads,
        "env.options" => c.Env.Options,
        "env.wrappers" => c.Env.Wrappers.Select(w => new Dictionary<string, object?>(w.Options.Prepend(new("name", w.Name)))).ToList(),
        "policy.type" => c.Policy.Type,
        "policy.hidden" => c.Policy.Hidden,
        "policy.activation" => c.Policy.Activation,
        "policy.shared_trunk" => c.Policy.SharedTrunk,
        "policy.distribution" => c.Policy.Distribution,
        "policy.init_log_std" => c.Policy.InitLogStd,
        "policy.init" => c.Policy.Init,
        "algo.name" => c.Algo.Name,
        "train.total_steps" => c.Train.TotalSteps,
        "train.total_episodes" => c.Train.TotalEpisodes,
        "train.device" => c.Train.Device,
        "train.threads" => c.Train.Threads,
        "train.checkpoint_every" => c.Train.CheckpointEvery,
        "train.eval_episodes" => c.Train.EvalEpisodes,
        "train.eval_every" => c.Train.EvalEvery,
        "train.video_every_steps" => c.Train.VideoEverySteps,
        "train.log_every_steps" => c.Train.LogEverySteps,
        "train.runs_dir" => c.Train.RunsDir,
        "stop.mean_return" => c.Stop.MeanReturn,
        "stop.window" => c.Stop.Window,
        "stop.max_minutes" => c.Stop.MaxMinutes,
        "self_play.snapshot_every" => c.SelfPlay?.SnapshotEvery,
        "self_play.pool_size" => c.SelfPlay?.PoolSize,
        "self_play.builtin_share" => c.SelfPlay?.BuiltinShare,
        _ => throw new InvalidOperationException($"ConfigWriter has no value for the key {key.Path}"),
    };

    /// <summary>Numbers in invariant round-trip form; everything else as is.</summary>
    static object? Format(object? value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IReadOnlyDictionary<string, object?> map => map.ToDictionary(p => p.Key, p => Format(p.Value)),
        string s => s,
        System.Collections.IEnumerable list => list.Cast<object?>().Select(Format).ToList(),
        _ => value,
    };
}
