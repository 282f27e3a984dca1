using RlLab.Sim;
using System.Text.Json;
using System.Text.Json.Serialization;
using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Agents.Training;
using RlLab.Envs;
using RlLab.Envs.Wrappers;
using TorchSharp;

namespace RlLab.Agents.Evaluation;

/// <summary>Plays whole episodes with a trained policy (the mean/most likely action by default) and summarises them.</summary>
public static class Evaluator
{
    /// <param name="perEpisodeOptions">Env option overrides for episode i (e.g. a held-out track), or null.</param>
    /// <param name="observationStatistics">Frozen normalize_observation statistics from training, if the config uses that wrapper.</param>
    /// <param name="seeds">Env seeds, one per episode (eval --seeds); null: <see cref="DefaultSeed"/>.</param>
    public static EvalSummary Run(ExperimentConfig config, ActorCritic policy, torch.Device device, string checkpoint,
        int episodes, bool deterministic = true, Func<int, IReadOnlyDictionary<string, object?>?>? perEpisodeOptions = null,
        float[]? observationStatistics = null, IReadOnlyList<int>? seeds = null)
    {
        using IEnv probe = EnvFactory.Make(config.Env, 0);
        return probe is IEnv<byte>
            ? Run<byte>(config, policy, device, checkpoint, episodes, deterministic, perEpisodeOptions, observationStatistics, seeds)
            : Run<float>(config, policy, device, checkpoint, episodes, deterministic, perEpisodeOptions, observationStatistics, seeds);
    }

    /// <summary>The same, for a caller that knows the observation type: no probe env is built to find it.</summary>
    /// <param name="cancel">Checked before each episode (Ctrl+C during a long evaluation): throws OperationCanceledException.</param>
    public static EvalSummary Run<TObs>(ExperimentConfig config, ActorCritic policy, torch.Device device, string checkpoint,
        int episodes, bool deterministic, Func<int, IReadOnlyDictionary<string, object?>?>? perEpisodeOptions,
        float[]? observationStatistics, IReadOnlyList<int>? seeds, CancellationToken cancel = default) where TObs : unmanaged
    {
        var rows = new List<EvalEpisode>();
        IReadOnlyList<MetricSummary> summaries = [];
        using var generator = new torch.Generator((ulong)config.Seed + 7, device);
        IEnv<TObs>? shared = null;
        PolicyRunner<TObs>? runner = null;
        try
        {
            for (int i = 0; i < episodes; i++)
            {
                cancel.ThrowIfCancellationRequested();
                var overrides = perEpisodeOptions?.Invoke(i);
                IEnv<TObs> env = overrides is null
                    ? shared ??= (IEnv<TObs>)EnvFactory.Make(config.Env, 0)
                    : (IEnv<TObs>)EnvFactory.Make(config.Env, 0, overrides);
                Freeze(env, observationStatistics);
                runner ??= new PolicyRunner<TObs>(policy, 1, env.ObservationSpace.Shape, device);
                if (i == 0) summaries = env.EvaluationSummaries;
                EvalEpisode row = Play(env, runner, generator, deterministic, i, seed: seeds is null ? DefaultSeed(config, i) : seeds[i % seeds.Count]);
                rows.Add(seeds is null ? row : row with { Seed = seeds[i % seeds.Count] });
                if (!ReferenceEquals(env, shared)) env.Dispose();
            }
        }
        finally
        {
            shared?.Dispose();
            runner?.Dispose();
        }
        return Summarise(checkpoint, deterministic, rows, summaries);
    }

    /// <summary>
    /// The env seed of evaluation episode <paramref name="index"/> when none is chosen: held out from
    /// training's seeds. watch and record start from the same seed, so they replay what eval scored.
    /// </summary>
    public static int DefaultSeed(ExperimentConfig config, int index) => 1_000_000 + config.Seed * 1000 + index;

    /// <summary>Evaluation uses the training statistics, frozen.</summary>
    public static void Freeze(IEnv env, float[]? statistics)
    {
        if (statistics is not null) env.Find<NormalizeObservation>()?.SetStatistics(statistics);
        for (IEnv? e = env; e is not null; e = (e as IWrapper)?.InnerEnv)
            if (e is IStatisticsWrapper w) w.Frozen = true;
    }

    static EvalEpisode Play<TObs>(IEnv<TObs> env, PolicyRunner<TObs> runner, torch.Generator generator, bool deterministic, int index, int seed)
        where TObs : unmanaged
    {
        var player = new EpisodePlayer<TObs>(env, (o, a) => runner.Act(o, a, default, default, deterministic, generator));
        return Row(index, player.Play(seed));
    }

    /// <summary>One row of eval.json from a finished episode: the core fields and the env's named metrics.</summary>
    static EvalEpisode Row(int index, EpisodeInfo info)
    {
        EpisodeMetric[] metrics = info.Metrics();
        return new EvalEpisode(index, info.Track, info.Return, info.Length, info.EndReason)
        {
            Metrics = metrics.Length == 0 ? null : metrics.ToDictionary(m => m.Name, m => (object)m.Value),
        };
    }

    /// <param name="summaries">What the env declares for its evaluations, computed over the rows that report the metric (none: none written).</param>
    public static EvalSummary Summarise(string checkpoint, bool deterministic, IReadOnlyList<EvalEpisode> rows, IReadOnlyList<MetricSummary> summaries)
    {
        var (mean, std) = MeanStd.Of([.. rows.Select(r => r.Return)]);
        var values = new Dictionary<string, object>();
        foreach (MetricSummary s in summaries)
        {
            if (!rows.Any(r => !double.IsNaN(r.Metric(s.Metric)))) continue;
            values[s.Key] = s.Aggregate switch
            {
                MetricAggregate.FractionAtLeastOne => rows.Count(r => r.Metric(s.Metric) >= 1) / (double)rows.Count,
                MetricAggregate.RatioOfSums => RatioOfSums(rows, s),
                _ => rows.Average(r => double.IsNaN(r.Metric(s.Metric)) ? 0 : r.Metric(s.Metric)),
            };
        }
        return new EvalSummary(checkpoint, rows.Count, deterministic, mean, std,
            rows.Count == 0 ? double.NaN : rows.Average(r => r.Length), rows)
        {
            Summaries = values.Count == 0 ? null : values,
            Declared = [.. summaries.Where(s => values.ContainsKey(s.Key))],
        };
    }

    /// <summary>Σ metric / Σ per × scale over the rows that report both; NaN when the divisor sums to 0.</summary>
    static double RatioOfSums(IReadOnlyList<EvalEpisode> rows, MetricSummary s)
    {
        double top = 0, bottom = 0;
        foreach (EvalEpisode r in rows)
        {
            double m = r.Metric(s.Metric), p = s.Per is null ? 1 : r.Metric(s.Per);
            if (double.IsNaN(m) || double.IsNaN(p)) continue;
            top += m;
            bottom += p;
        }
        return bottom > 0 ? top / bottom * s.Scale : double.NaN;
    }

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void WriteJson(string path, EvalSummary summary) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(summary, Json));
}
