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
    public static EvalSummary Run<TObs>(ExperimentConfig config, ActorCritic policy, torch.Device device, string checkpoint,
        int episodes, bool deterministic, Func<int, IReadOnlyDictionary<string, object?>?>? perEpisodeOptions,
        float[]? observationStatistics, IReadOnlyList<int>? seeds) where TObs : unmanaged
    {
        var rows = new List<EvalEpisode>();
        using var generator = new torch.Generator((ulong)config.Seed + 7, device);
        IEnv<TObs>? shared = null;
        PolicyRunner<TObs>? runner = null;
        try
        {
            for (int i = 0; i < episodes; i++)
            {
                var overrides = perEpisodeOptions?.Invoke(i);
                IEnv<TObs> env = overrides is null
                    ? shared ??= (IEnv<TObs>)EnvFactory.Make(config.Env, 0)
                    : (IEnv<TObs>)EnvFactory.Make(config.Env, 0, overrides);
                Freeze(env, observationStatistics);
                runner ??= new PolicyRunner<TObs>(policy, 1, env.ObservationSpace.Shape, device);
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
        return Summarise(checkpoint, deterministic, rows);
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
        EpisodeInfo info = player.Play(seed);
        return new EvalEpisode(index, info.Track, info.Return, info.Length, info.Distance, info.Laps, info.BestLapTime, info.EndReason);
    }

    public static EvalSummary Summarise(string checkpoint, bool deterministic, IReadOnlyList<EvalEpisode> rows)
    {
        double mean = rows.Count == 0 ? double.NaN : rows.Average(r => r.Return);
        double std = rows.Count == 0 ? double.NaN : Math.Sqrt(rows.Average(r => (r.Return - mean) * (r.Return - mean)));
        bool driving = rows.Any(r => !double.IsNaN(r.Distance));
        return new EvalSummary(checkpoint, rows.Count, deterministic, mean, std,
            rows.Count == 0 ? double.NaN : rows.Average(r => r.Length),
            driving ? rows.Average(r => double.IsNaN(r.Distance) ? 0 : r.Distance) : null,
            driving ? rows.Count(r => r.Laps >= 1) / (double)rows.Count : null,
            rows);
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
