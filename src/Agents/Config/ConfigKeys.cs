using System.Globalization;

namespace RlLab.Agents.Config;

/// <summary>Which algorithms read a key; the loader refuses it and the writer omits it elsewhere.</summary>
public enum KeyScope { Both, Ppo, Reinforce }

/// <summary>
/// One experiment key: its YAML path, default per algorithm, allowed range or choices and a
/// one-line doc. <see cref="ConfigKeys.All"/> is the one declaration that the loader (defaults,
/// ranges), the writer (which keys) and docs/experiments.md (the generated reference) share.
/// </summary>
public sealed record ConfigKey(string Path, object? Ppo, object? Reinforce, string Doc)
{
    public KeyScope Scope { get; init; }
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
    public object? Default(AlgoKind kind) => kind == AlgoKind.Ppo ? Ppo : Reinforce;
    public bool AppliesTo(AlgoKind kind) => Scope == KeyScope.Both || (Scope == KeyScope.Ppo) == (kind == AlgoKind.Ppo);
    public T DefaultAs<T>(AlgoKind kind) => (T)Default(kind)!;

    /// <summary>The range column of the reference: choices, [min, max] or nothing.</summary>
    public string RangeText => Choices.Length > 0 ? string.Join(" \\| ", Choices)
        : Type is "int" or "list" ? (IntMin == long.MinValue && IntMax == long.MaxValue ? "" : $"[{IntMin}, {(IntMax == long.MaxValue ? "∞" : IntMax)}]{(MaxCount < int.MaxValue ? $", at most {MaxCount} entries" : "")}")
        : Type == "double" ? (double.IsNegativeInfinity(Min) && double.IsPositiveInfinity(Max) ? "" : $"[{ConfigKeys.Show(Min)}, {ConfigKeys.Show(Max)}]")
        : "";
}

public static class ConfigKeys
{
    static ConfigKey I(string path, long ppo, long reinforce, long min, long max, string doc) =>
        new(path, ppo, reinforce, doc) { Type = "int", IntMin = min, IntMax = max };
    static ConfigKey D(string path, double ppo, double reinforce, double min, double max, string doc) =>
        new(path, ppo, reinforce, doc) { Type = "double", Min = min, Max = max };
    static ConfigKey B(string path, bool ppo, bool reinforce, string doc) => new(path, ppo, reinforce, doc) { Type = "bool" };
    static ConfigKey C(string path, string ppo, string reinforce, string[] choices, string doc) => new(path, ppo, reinforce, doc) { Choices = choices };

    public static readonly ConfigKey Name = new("name", null, null, "names the run directory `runs/<name>-<time>`; one plain folder name") { Required = true };
    public static readonly ConfigKey Seed = I("seed", 1, 1, 0, int.MaxValue, "seeds the envs (env i gets seed + i), torch and the action sampler");

    public static readonly ConfigKey EnvId = new("env.id", null, null, "`./rllab envs` lists the ids") { Required = true };
    public static readonly ConfigKey EnvAssembly = new("env.assembly", null, null, "your own envs: a .NET assembly, relative to this file's folder, loaded before `id` is checked (docs/custom-env.md)") { OmitWhenNull = true };
    public static readonly ConfigKey EnvNumEnvs = I("env.num_envs", 1, 1, 1, 4096, "copies stepped together (a vector env); reinforce needs 1");
    public static readonly ConfigKey EnvThreads = I("env.threads", 1, 1, 1, 256, "worker threads that step the envs");
    public static readonly ConfigKey EnvOptions = new("env.options", null, null, "env-specific; see `./rllab envs ID` and docs/envs/") { Type = "map" };
    public static readonly ConfigKey EnvWrappers = new("env.wrappers", null, null, "applied in order on top of time limit + episode statistics, e.g. `- {name: frame_stack, k: 4}`; Pong (docs/pong.md): mit_preprocess, frame_difference, atari_preprocess (size: 84)") { Type = "list" };

    public static readonly ConfigKey PolicyType = C("policy.type", "mlp", "mlp", [.. Policies.Networks.NetworkRegistry.Names], "the CNNs need image observations");
    public static readonly ConfigKey PolicyHidden = new("policy.hidden", (int[])[64, 64], (int[])[32], "hidden layer sizes of the actor and critic heads") { Type = "list", IntMin = 1, IntMax = 16384, MaxCount = 64 };
    public static readonly ConfigKey PolicyActivation = C("policy.activation", "tanh", "relu", ["tanh", "relu"], "activation of the hidden layers");
    public static readonly ConfigKey PolicySharedTrunk = B("policy.shared_trunk", false, false, "actor and critic share the hidden layers");
    public static readonly ConfigKey PolicyDistribution = C("policy.distribution", "auto", "auto", ["auto", "categorical", "gaussian", "mit_gaussian"], "auto: categorical for Discrete actions, gaussian for Box; mit_gaussian: mu = tanh(x)/8, sigma = 0.1*sigmoid(y) + 0.005");
    public static readonly ConfigKey PolicyInitLogStd = D("policy.init_log_std", 0.0, 0.0, -10, 5, "initial log-std of the state-independent Gaussian");
    public static readonly ConfigKey PolicyInit = C("policy.init", "orthogonal", "orthogonal", ["orthogonal", "glorot"], "orthogonal (CleanRL/SB3) or glorot (Keras' default, the MIT lab)");

    public static readonly ConfigKey AlgoName = C("algo.name", "ppo", "ppo", AlgoKinds.YamlNames, "the algorithm; its name picks the defaults of the other keys");
    public static readonly ConfigKey Lr = D("algo.lr", 2.5e-4, 1e-3, 1e-8, 1, "Adam learning rate");
    public static readonly ConfigKey Gamma = D("algo.gamma", 0.99, 0.95, 0, 1, "discount");
    public static readonly ConfigKey MaxGradNorm = D("algo.max_grad_norm", 0.5, 2.0, 0, 1e6, "global gradient-norm clip");
    public static readonly ConfigKey EntropyCoef = D("algo.entropy_coef", 0.01, 0.0, 0, 100, "entropy bonus; at 0 the entropy is only logged (no graph)");
    public static readonly ConfigKey AnnealLr = B("algo.anneal_lr", true, false, "linear decay of lr to 0 over the budget");
    public static readonly ConfigKey GaeLambda = D("algo.gae_lambda", 0.95, 0.95, 0, 1, "GAE λ") with { Scope = KeyScope.Ppo };
    public static readonly ConfigKey NumSteps = I("algo.num_steps", 128, 128, 1, 1 << 20, "steps per env per rollout; the batch is num_envs × num_steps") with { Scope = KeyScope.Ppo };
    public static readonly ConfigKey Epochs = I("algo.epochs", 4, 4, 1, 1000, "passes over each batch") with { Scope = KeyScope.Ppo };
    public static readonly ConfigKey Minibatches = I("algo.minibatches", 4, 4, 1, 1 << 20, "must divide the batch; with 1, the whole batch each epoch (not shuffled, advantages normalised once)") with { Scope = KeyScope.Ppo };
    public static readonly ConfigKey ClipCoef = D("algo.clip_coef", 0.2, 0.2, 0, 10, "surrogate clip, also used for the value clip") with { Scope = KeyScope.Ppo };
    public static readonly ConfigKey ValueCoef = D("algo.value_coef", 0.5, 0.5, 0, 100, "weight of the value loss") with { Scope = KeyScope.Ppo };
    public static readonly ConfigKey ClipValueLoss = B("algo.clip_value_loss", true, true, "clip the value change to ± clip_coef, as CleanRL") with { Scope = KeyScope.Ppo };
    public static readonly ConfigKey NormalizeAdvantages = B("algo.normalize_advantages", true, true, "normalise advantages per minibatch") with { Scope = KeyScope.Ppo };
    public static readonly ConfigKey TargetKl = new ConfigKey("algo.target_kl", null, null, "after each epoch, stop the update when the approximate KL of its last minibatch exceeds this (CleanRL's rule; the epoch always finishes)") { Type = "double", Min = 0, Max = 10, Scope = KeyScope.Ppo };
    public static readonly ConfigKey NormalizeReturns = B("algo.normalize_returns", true, true, "(G - mean) / std per episode, as in the MIT lab") with { Scope = KeyScope.Reinforce };
    public static readonly ConfigKey MaxBatch = I("algo.max_batch", 0, 0, 0, 1 << 24, "learn from a random subset of at most this many steps of the episode (the MIT driving lab: 300); 0 = every step") with { Scope = KeyScope.Reinforce };
    public static readonly ConfigKey BootstrapTruncated = B("algo.bootstrap_truncated", false, false, "a time-limited episode continues at its last reward rate, G_T = r/(1 - gamma) (Pardo et al. 2018); needs gamma < 1") with { Scope = KeyScope.Reinforce };
    public static readonly ConfigKey ResetReturnOnReward = B("algo.reset_return_on_reward", false, false, "a nonzero reward restarts the discounted sum (Pong: one point at a time, as the MIT lab)") with { Scope = KeyScope.Reinforce };

    public static readonly ConfigKey TotalSteps = I("train.total_steps", 500_000, long.MaxValue, 1, long.MaxValue, "env steps (reinforce: unlimited, use total_episodes)");
    public static readonly ConfigKey TotalEpisodes = new ConfigKey("train.total_episodes", null, null, "stop after this many episodes") { Type = "int", IntMin = 1, IntMax = int.MaxValue };
    public static readonly ConfigKey Device = C("train.device", "auto", "auto", ["auto", "cpu", "cuda"], "auto uses CUDA when TorchSharp reports it");
    public static readonly ConfigKey TrainThreads = I("train.threads", 1, 1, 1, 256, "torch intra-op threads");
    public static readonly ConfigKey CheckpointEvery = I("train.checkpoint_every", 0, 0, 0, long.MaxValue, "env steps between checkpoints; 0 = only the final one");
    public static readonly ConfigKey EvalEpisodes = I("train.eval_episodes", 10, 10, 0, 100_000, "deterministic evaluation episodes at the end (eval.json) and at each eval_every");
    public static readonly ConfigKey EvalEvery = I("train.eval_every", 0, 0, 0, long.MaxValue, "env steps between evaluations on held-out seeds (evaluations.csv, TensorBoard eval/*, checkpoints/best); 0 = none");
    public static readonly ConfigKey VideoEverySteps = I("train.video_every_steps", 0, 0, 0, long.MaxValue, "env steps between evaluation videos in videos/ (needs a display or xvfb-run, and ffmpeg); 0 = none");
    public static readonly ConfigKey LogEverySteps = I("train.log_every_steps", 1, 1, 1, long.MaxValue, "env steps between progress.csv rows (a row each time the step count crosses a multiple; 1 = every iteration)");
    public static readonly ConfigKey RunsDir = new("train.runs_dir", "runs", "runs", "folder that holds the run directories");

    public static readonly ConfigKey MeanReturn = new ConfigKey("stop.mean_return", null, null, "stop once the mean return of the last `window` episodes reaches this") { Type = "double" };
    public static readonly ConfigKey Window = I("stop.window", 20, 20, 1, 100_000, "episodes in the stop.mean_return mean");
    public static readonly ConfigKey MaxMinutes = new ConfigKey("stop.max_minutes", null, null, "wall-clock budget") { Type = "double", Min = 0 };

    /// <summary>Every key, in the order the writer writes them and the reference lists them.</summary>
    public static readonly IReadOnlyList<ConfigKey> All =
    [
        Name, Seed,
        EnvId, EnvAssembly, EnvNumEnvs, EnvThreads, EnvOptions, EnvWrappers,
        PolicyType, PolicyHidden, PolicyActivation, PolicySharedTrunk, PolicyDistribution, PolicyInitLogStd, PolicyInit,
        AlgoName, Lr, Gamma, MaxGradNorm, EntropyCoef, AnnealLr,
        GaeLambda, NumSteps, Epochs, Minibatches, ClipCoef, ValueCoef, ClipValueLoss, NormalizeAdvantages, TargetKl,
        NormalizeReturns, MaxBatch, BootstrapTruncated, ResetReturnOnReward,
        TotalSteps, TotalEpisodes, Device, TrainThreads, CheckpointEvery, EvalEpisodes, EvalEvery, VideoEverySteps, LogEverySteps, RunsDir,
        MeanReturn, Window, MaxMinutes,
    ];

    public static readonly string[] Sections = ["env", "policy", "algo", "train", "stop"];

    /// <summary>The reference table of docs/experiments.md, generated from <see cref="All"/>.</summary>
    public static string ReferenceTable()
    {
        var lines = new List<string> { "| key | default (ppo) | default (reinforce) | range | meaning |", "| --- | --- | --- | --- | --- |" };
        foreach (ConfigKey k in All)
        {
            string ppo = k.Required ? "**required**" : k.Scope == KeyScope.Reinforce ? "—" : $"`{Show(k.Ppo)}`";
            string reinforce = k.Required ? "**required**" : k.Scope == KeyScope.Ppo ? "—" : $"`{Show(k.Reinforce)}`";
            lines.Add($"| `{k.Path}` | {ppo} | {reinforce} | {k.RangeText} | {k.Doc} |");
        }
        return string.Join("\n", lines) + "\n";
    }

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

    // Typed reads: the section's own checks and wording (YamlSection), with this table's default and range.
    internal static int Int(this YamlSection s, ConfigKey k, AlgoKind kind) => (int)s.Long(k.Name, k.DefaultAs<long>(kind), k.IntMin, k.IntMax);
    internal static long Long(this YamlSection s, ConfigKey k, AlgoKind kind) => s.Long(k.Name, k.DefaultAs<long>(kind), k.IntMin, k.IntMax);
    internal static int? NullableInt(this YamlSection s, ConfigKey k) => (int?)s.NullableLong(k.Name, k.IntMin, k.IntMax);
    internal static double Double(this YamlSection s, ConfigKey k, AlgoKind kind) => s.Double(k.Name, k.DefaultAs<double>(kind), k.Min, k.Max);
    internal static double? NullableDouble(this YamlSection s, ConfigKey k) => s.NullableDouble(k.Name, k.Min, k.Max);
    internal static bool Bool(this YamlSection s, ConfigKey k, AlgoKind kind) => s.Bool(k.Name, k.DefaultAs<bool>(kind));
    internal static string Choice(this YamlSection s, ConfigKey k, AlgoKind kind) => s.Choice(k.Name, k.DefaultAs<string>(kind), k.Choices);
    internal static string String(this YamlSection s, ConfigKey k, AlgoKind kind) => s.String(k.Name, k.DefaultAs<string>(kind));
    internal static IReadOnlyList<int> IntList(this YamlSection s, ConfigKey k, AlgoKind kind) =>
        s.IntList(k.Name, k.DefaultAs<int[]>(kind), (int)k.IntMin, (int)k.IntMax, k.MaxCount);
}
