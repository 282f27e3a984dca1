using System.Globalization;

namespace RlLab.Agents.Config;

/// <summary>
/// One experiment key: its YAML path, default, allowed range or choices and a one-line doc.
/// <see cref="ConfigKeys.All"/> declares the keys every experiment has; each algorithm declares its
/// own <c>algo.*</c> keys beside its class (<see cref="Algorithms.AlgorithmSpec.Keys"/>). The loader
/// (defaults, ranges), the writer (which keys) and docs/experiments.md (the generated reference) read them.
/// </summary>
public sealed record ConfigKey(string Path, object? Default, string Doc)
{
    public bool Required { get; init; }
    /// <summary>Written only when set (env.assembly: no key rather than an empty one).</summary>
    public bool OmitWhenNull { get; init; }
    public double Min { get; init; } = double.NegativeInfinity;
    public double Max { get; init; } = double.PositiveInfinity;
    public long IntMin { get; init; } = long.MinValue;
    public long IntMax { get; init; } = long.MaxValue;
    public int MaxCount { get; init; } = int.MaxValue;
    public string[] Choices { get; init; } = [];
    /// <summary>"int", "double", "bool", "string", "list", "map".</summary>
    public string Type { get; init; } = "string";

    public string Section => Path.Contains('.') ? Path[..Path.IndexOf('.')] : "";
    public string Name => Path[(Path.IndexOf('.') + 1)..];
    public T DefaultAs<T>() => (T)Default!;

    /// <summary>The range column of the reference: choices, [min, max] or nothing.</summary>
    public string RangeText => Choices.Length > 0 ? string.Join(" \\| ", Choices)
        : Type is "int" or "list" ? (IntMin == long.MinValue && IntMax == long.MaxValue ? "" : $"[{IntMin}, {(IntMax == long.MaxValue ? "∞" : IntMax)}]{(MaxCount < int.MaxValue ? $", at most {MaxCount} entries" : "")}")
        : Type == "double" ? (double.IsNegativeInfinity(Min) && double.IsPositiveInfinity(Max) ? "" : $"[{ConfigKeys.Show(Min)}, {ConfigKeys.Show(Max)}]")
        : "";

    public static ConfigKey Int(string path, long value, long min, long max, string doc) => new(path, value, doc) { Type = "int", IntMin = min, IntMax = max };
    public static ConfigKey Double(string path, double value, double min, double max, string doc) => new(path, value, doc) { Type = "double", Min = min, Max = max };
    public static ConfigKey Bool(string path, bool value, string doc) => new(path, value, doc) { Type = "bool" };
    public static ConfigKey Choice(string path, string value, string[] choices, string doc) => new(path, value, doc) { Choices = choices };
}

public static class ConfigKeys
{
    static ConfigKey I(string path, long value, long min, long max, string doc) => ConfigKey.Int(path, value, min, max, doc);
    static ConfigKey B(string path, bool value, string doc) => ConfigKey.Bool(path, value, doc);
    static ConfigKey C(string path, string value, string[] choices, string doc) => ConfigKey.Choice(path, value, choices, doc);

    public static readonly ConfigKey Name = new("name", null, "names the run directory `runs/<name>-<time>`; one plain folder name") { Required = true };
    public static readonly ConfigKey Seed = I("seed", 1, 0, int.MaxValue, "seeds the envs (env i gets seed + i), torch and the action sampler");

    public static readonly ConfigKey EnvId = new("env.id", null, "`./rllab envs` lists the ids") { Required = true };
    public static readonly ConfigKey EnvAssembly = new("env.assembly", null, "your own envs: a .NET assembly, relative to this file's folder, loaded before `id` is checked (docs/custom-env.md)") { OmitWhenNull = true };
    public static readonly ConfigKey EnvNumEnvs = I("env.num_envs", 1, 1, 4096, "copies stepped together (a vector env); reinforce needs 1");
    public static readonly ConfigKey EnvThreads = I("env.threads", 1, 1, 256, "worker threads that step the envs");
    public static readonly ConfigKey EnvOptions = new("env.options", null, "env-specific; see `./rllab envs ID` and docs/envs/") { Type = "map" };
    public static readonly ConfigKey EnvWrappers = new("env.wrappers", null, "applied in order on top of time limit + episode statistics, e.g. `- {name: frame_stack, k: 4}`; Pong (docs/pong.md): mit_preprocess, frame_difference, atari_preprocess (size: 84)") { Type = "list" };

    public static readonly ConfigKey PolicyType = C("policy.type", "mlp", [.. Policies.Networks.NetworkRegistry.Names], "the CNNs need image observations");
    public static readonly ConfigKey PolicyHidden = new("policy.hidden", (int[])[64, 64], "hidden layer sizes of the actor and critic heads") { Type = "list", IntMin = 1, IntMax = 16384, MaxCount = 64 };
    public static readonly ConfigKey PolicyActivation = C("policy.activation", "tanh", ["tanh", "relu"], "activation of the hidden layers");
    public static readonly ConfigKey PolicySharedTrunk = B("policy.shared_trunk", false, "actor and critic share the hidden layers");
    public static readonly ConfigKey PolicyDistribution = C("policy.distribution", "auto", ["auto", "categorical", "gaussian", "mit_gaussian", "tanh_gaussian", "bounded_gaussian"], "auto: categorical for Discrete actions, gaussian for Box (sac: tanh_gaussian); mit_gaussian: mu = tanh(x)/8, sigma = 0.1*sigmoid(y) + 0.005; tanh_gaussian: a tanh-squashed Gaussian with state-dependent std, scaled to the Box bounds; bounded_gaussian: gaussian with its mean tanh-mapped into the Box bounds");
    public static readonly ConfigKey PolicyInitLogStd = ConfigKey.Double("policy.init_log_std", 0.0, -10, 5, "initial log-std of the state-independent Gaussian");
    public static readonly ConfigKey PolicyInit = C("policy.init", "orthogonal", ["orthogonal", "glorot"], "orthogonal (CleanRL/SB3) or glorot (Keras' default, the MIT lab)");

    public static readonly ConfigKey AlgoName = C("algo.name", "ppo", [.. Algorithms.AlgorithmRegistry.Names], "the algorithm; its name picks its own keys (below) and the defaults of some others");

    public static readonly ConfigKey TotalSteps = I("train.total_steps", 500_000, 1, long.MaxValue, "env steps (reinforce: unlimited, use total_episodes)");
    public static readonly ConfigKey TotalEpisodes = new ConfigKey("train.total_episodes", null, "stop after this many episodes") { Type = "int", IntMin = 1, IntMax = int.MaxValue };
    public static readonly ConfigKey Device = C("train.device", "auto", ["auto", "cpu", "cuda"], "auto uses CUDA when TorchSharp reports it");
    public static readonly ConfigKey TrainThreads = I("train.threads", 1, 1, 256, "torch intra-op threads");
    public static readonly ConfigKey CheckpointEvery = I("train.checkpoint_every", 0, 0, long.MaxValue, "env steps between checkpoints; 0 = only the final one");
    public static readonly ConfigKey EvalEpisodes = I("train.eval_episodes", 10, 0, 100_000, "deterministic evaluation episodes at the end (eval.json) and at each eval_every");
    public static readonly ConfigKey EvalEvery = I("train.eval_every", 0, 0, long.MaxValue, "env steps between evaluations on held-out seeds (evaluations.csv, TensorBoard eval/*, checkpoints/best); 0 = none");
    public static readonly ConfigKey VideoEverySteps = I("train.video_every_steps", 0, 0, long.MaxValue, "env steps between evaluation videos in videos/ (needs a display or xvfb-run, and ffmpeg); 0 = none");
    public static readonly ConfigKey LogEverySteps = I("train.log_every_steps", 1, 1, long.MaxValue, "env steps between progress.csv rows (a row each time the step count crosses a multiple; 1 = every iteration)");
    public static readonly ConfigKey RunsDir = new("train.runs_dir", "runs", "folder that holds the run directories");

    public static readonly ConfigKey MeanReturn = new ConfigKey("stop.mean_return", null, "stop once the mean return of the last `window` episodes reaches this") { Type = "double" };
    public static readonly ConfigKey Window = I("stop.window", 20, 1, 100_000, "episodes in the stop.mean_return mean");
    public static readonly ConfigKey MaxMinutes = new ConfigKey("stop.max_minutes", null, "wall-clock budget") { Type = "double", Min = 0 };

    // self_play: a section only the experiments that use it have (its keys are written only then).
    public static readonly ConfigKey SelfPlaySnapshotEvery = I("self_play.snapshot_every", 100_000, 1, long.MaxValue,
        "env steps between snapshots of the learner added to its opponent pool (one more at the start); the section trains against its own past (Pong: docs/pong.md)") with { OmitWhenNull = true };
    public static readonly ConfigKey SelfPlayPoolSize = I("self_play.pool_size", 10, 1, 1000,
        "newest snapshots kept; each game's opponent is drawn uniformly among them") with { OmitWhenNull = true };
    public static readonly ConfigKey SelfPlayBuiltinShare = ConfigKey.Double("self_play.builtin_share", 0.2, 0, 1,
        "share of games against the env's built-in opponent (all of them while the pool is empty)") with { OmitWhenNull = true };

    /// <summary>The keys every experiment has, in the order the writer writes them and the reference lists them; an algorithm's own keys follow algo.name.</summary>
    public static readonly IReadOnlyList<ConfigKey> All =
    [
        Name, Seed,
        EnvId, EnvAssembly, EnvNumEnvs, EnvThreads, EnvOptions, EnvWrappers,
        PolicyType, PolicyHidden, PolicyActivation, PolicySharedTrunk, PolicyDistribution, PolicyInitLogStd, PolicyInit,
        AlgoName,
        TotalSteps, TotalEpisodes, Device, TrainThreads, CheckpointEvery, EvalEpisodes, EvalEvery, VideoEverySteps, LogEverySteps, RunsDir,
        MeanReturn, Window, MaxMinutes,
        SelfPlaySnapshotEvery, SelfPlayPoolSize, SelfPlayBuiltinShare,
    ];

    public static readonly string[] Sections = ["env", "policy", "algo", "train", "stop", "self_play"];

    /// <summary>Sections an experiment may leave out entirely: the writer omits them when they are empty.</summary>
    public static readonly string[] OptionalSections = ["self_play"];

    /// <summary>Every key of an experiment that trains <paramref name="algorithm"/>, with its defaults: the shared keys, then its own after algo.name.</summary>
    public static IReadOnlyList<ConfigKey> For(Algorithms.AlgorithmSpec algorithm)
    {
        var keys = new List<ConfigKey>();
        foreach (ConfigKey k in All)
        {
            keys.Add(algorithm.Effective(k));
            if (k == AlgoName) keys.AddRange(algorithm.Keys);
        }
        return keys;
    }

    /// <summary>The reference tables of docs/experiments.md: the shared keys, then one table per algorithm.</summary>
    public static string ReferenceTable()
    {
        var lines = new List<string> { "| key | default | range | meaning |", "| --- | --- | --- | --- |" };
        foreach (ConfigKey k in All)
        {
            var others = Algorithms.AlgorithmRegistry.All.Where(a => !Same(a.Effective(k).Default, k.Default)).Select(a => $"{a.Name}: `{Show(a.Effective(k).Default)}`");
            string value = k.Required ? "**required**" : string.Join("; ", others.Prepend($"`{Show(k.Default)}`"));
            lines.Add($"| `{k.Path}` | {value} | {k.RangeText} | {k.Doc} |");
        }
        foreach (Algorithms.AlgorithmSpec a in Algorithms.AlgorithmRegistry.All)
        {
            lines.AddRange(["", $"`algo.name: {a.Name}`: {a.Summary}", "", "| key | default | range | meaning |", "| --- | --- | --- | --- |"]);
            lines.AddRange(a.Keys.Select(k => $"| `{k.Path}` | `{Show(k.Default)}` | {k.RangeText} | {k.Doc} |"));
        }
        return string.Join("\n", lines) + "\n";
    }

    static bool Same(object? a, object? b) => Show(a) == Show(b);

    internal static string Show(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        long.MaxValue => "unlimited",
        double d when double.IsPositiveInfinity(d) => "∞",
        double d when double.IsNegativeInfinity(d) => "-∞",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        int[] list => $"[{string.Join(", ", list)}]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // Typed reads: the section's own checks and wording (YamlSection), with the key's default and range.
    internal static int Int(this YamlSection s, ConfigKey k) => (int)s.Long(k.Name, k.DefaultAs<long>(), k.IntMin, k.IntMax);
    internal static long Long(this YamlSection s, ConfigKey k) => s.Long(k.Name, k.DefaultAs<long>(), k.IntMin, k.IntMax);
    internal static int? NullableInt(this YamlSection s, ConfigKey k) => (int?)s.NullableLong(k.Name, k.IntMin, k.IntMax);
    internal static double Double(this YamlSection s, ConfigKey k) => s.Double(k.Name, k.DefaultAs<double>(), k.Min, k.Max);
    internal static double? NullableDouble(this YamlSection s, ConfigKey k) => s.NullableDouble(k.Name, k.Min, k.Max);
    internal static bool Bool(this YamlSection s, ConfigKey k) => s.Bool(k.Name, k.DefaultAs<bool>());
    internal static string Choice(this YamlSection s, ConfigKey k) => s.Choice(k.Name, k.DefaultAs<string>(), k.Choices);
    internal static string String(this YamlSection s, ConfigKey k) => s.String(k.Name, k.DefaultAs<string>());
    internal static IReadOnlyList<int> IntList(this YamlSection s, ConfigKey k) =>
        s.IntList(k.Name, k.DefaultAs<int[]>(), (int)k.IntMin, (int)k.IntMax, k.MaxCount);
}
