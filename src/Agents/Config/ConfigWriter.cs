using System.Globalization;
using YamlDotNet.Serialization;

namespace RlLab.Agents.Config;

/// <summary>Writes a resolved config back to YAML in the same shape <see cref="ConfigLoader"/> reads.</summary>
public static class ConfigWriter
{
    public static string ToYaml(ExperimentConfig c)
    {
        var tree = new Dictionary<string, object?>
        {
            ["name"] = c.Name,
            ["seed"] = c.Seed,
            ["env"] = new Dictionary<string, object?>
            {
                ["id"] = c.Env.Id,
                ["assembly"] = c.Env.Assembly,
                ["num_envs"] = c.Env.NumEnvs,
                ["threads"] = c.Env.Threads,
                ["options"] = c.Env.Options,
                ["wrappers"] = c.Env.Wrappers.Select(w => new Dictionary<string, object?>(w.Options.Prepend(new("name", w.Name)))).ToList(),
            },
            ["policy"] = new Dictionary<string, object?>
            {
                ["type"] = c.Policy.Type,
                ["hidden"] = c.Policy.Hidden,
                ["activation"] = c.Policy.Activation,
                ["shared_trunk"] = c.Policy.SharedTrunk,
                ["distribution"] = c.Policy.Distribution,
                ["init_log_std"] = c.Policy.InitLogStd,
                ["init"] = c.Policy.Init,
            },
            ["algo"] = Algo(c.Algo),
            ["train"] = new Dictionary<string, object?>
            {
                ["total_steps"] = c.Train.TotalSteps,
                ["total_episodes"] = c.Train.TotalEpisodes,
                ["device"] = c.Train.Device,
                ["threads"] = c.Train.Threads,
                ["checkpoint_every"] = c.Train.CheckpointEvery,
                ["eval_episodes"] = c.Train.EvalEpisodes,
                ["log_every_steps"] = c.Train.LogEverySteps,
                ["runs_dir"] = c.Train.RunsDir,
                ["video_every_steps"] = c.Train.VideoEverySteps,
                ["eval_every"] = c.Train.EvalEvery,
            },
            ["stop"] = new Dictionary<string, object?>
            {
                ["mean_return"] = c.Stop.MeanReturn,
                ["window"] = c.Stop.Window,
                ["max_minutes"] = c.Stop.MaxMinutes,
            },
        };
        if (c.Env.Assembly is null) ((Dictionary<string, object?>)tree["env"]!).Remove("assembly"); // no key rather than an empty one
        return new SerializerBuilder().Build().Serialize(Format(tree));
    }

    static Dictionary<string, object?> Algo(AlgoConfig a)
    {
        var d = new Dictionary<string, object?> { ["name"] = a.Name, ["lr"] = a.Lr, ["gamma"] = a.Gamma };
        if (a.Kind == AlgoKind.Ppo)
        {
            d["gae_lambda"] = a.GaeLambda;
            d["num_steps"] = a.NumSteps;
            d["epochs"] = a.Epochs;
            d["minibatches"] = a.Minibatches;
            d["clip_coef"] = a.ClipCoef;
            d["value_coef"] = a.ValueCoef;
            d["clip_value_loss"] = a.ClipValueLoss;
            d["normalize_advantages"] = a.NormalizeAdvantages;
            d["target_kl"] = a.TargetKl;
        }
        else
        {
            d["normalize_returns"] = a.NormalizeReturns;
            d["max_batch"] = a.MaxBatch;
            d["bootstrap_truncated"] = a.BootstrapTruncated;
            if (a.ResetReturnOnReward) d["reset_return_on_reward"] = true;
        }
        d["entropy_coef"] = a.EntropyCoef;
        d["max_grad_norm"] = a.MaxGradNorm;
        d["anneal_lr"] = a.AnnealLr;
        return d;
    }

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
