using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Envs.Vector;
using TorchSharp;

namespace RlLab.Agents.Algorithms;

/// <summary>SAC's registration: its keys with SB3's defaults, its policy defaults (the tanh-squashed actor), and its constructor.</summary>
public sealed class SacSpec : AlgorithmSpec
{
    public static SacSpec Instance => (SacSpec)AlgorithmRegistry.Get("sac");

    /// <summary>The checkpoint part that acts and that bundles hold.</summary>
    public const string Actor = "actor";

    static readonly ConfigKey Lr = AlgoKeys.Lr(3e-4);
    static readonly ConfigKey Gamma = AlgoKeys.Gamma(0.99);
    static readonly ConfigKey AnnealLr = AlgoKeys.AnnealLr(false);
    static readonly ConfigKey EntropyCoef = ConfigKey.Double("algo.entropy_coef", 1.0, 1e-8, 100, "α, the entropy temperature: its start with auto_entropy (SB3's ent_coef: auto starts at 1), else fixed");
    static readonly ConfigKey BufferSize = ConfigKey.Int("algo.buffer_size", 1_000_000, 1, int.MaxValue, "transitions the replay buffer holds (then the oldest are overwritten); a checkpoint saves the filled part");
    static readonly ConfigKey LearningStarts = ConfigKey.Int("algo.learning_starts", 100, 0, long.MaxValue, "env steps of uniform random actions before the first update");
    static readonly ConfigKey BatchSize = ConfigKey.Int("algo.batch_size", 256, 1, 1 << 20, "transitions per gradient step, drawn uniformly from the buffer");
    static readonly ConfigKey Tau = ConfigKey.Double("algo.tau", 0.005, 0, 1, "Polyak coefficient of the target Q-networks (1: copy)");
    static readonly ConfigKey TrainFreq = ConfigKey.Int("algo.train_freq", 1, 1, 1 << 20, "steps in every env between updates");
    static readonly ConfigKey GradientSteps = ConfigKey.Int("algo.gradient_steps", 1, 1, 1 << 20, "gradient steps per update");
    static readonly ConfigKey TargetUpdateInterval = ConfigKey.Int("algo.target_update_interval", 1, 1, 1 << 20, "gradient steps between Polyak updates of the targets");
    static readonly ConfigKey AutoEntropy = ConfigKey.Bool("algo.auto_entropy", true, "learn α so the policy's entropy tracks target_entropy (SB3's ent_coef: auto)");
    static readonly ConfigKey TargetEntropy = new("algo.target_entropy", null, "the entropy auto_entropy steers to; unset: −(action size)") { Type = "double", Min = -1e6, Max = 1e6 };

    public override string Name => "sac";
    public override string Summary => "soft actor-critic for Box actions with SB3's defaults: twin Q-networks with Polyak-averaged targets, a learned temperature, a tanh-squashed Gaussian actor and a replay buffer";
    public override bool HasCritic => false;
    public override string ActingPart => Actor;

    public override IReadOnlyList<ConfigKey> Keys { get; } =
    [
        Lr, Gamma, EntropyCoef, AnnealLr,
        BufferSize, LearningStarts, BatchSize, Tau, TrainFreq, GradientSteps, TargetUpdateInterval, AutoEntropy, TargetEntropy,
    ];

    protected override IReadOnlyDictionary<string, object?> SharedDefaults => new Dictionary<string, object?>
    {
        [ConfigKeys.PolicyHidden.Path] = (int[])[256, 256],
        [ConfigKeys.PolicyActivation.Path] = "relu",
        [ConfigKeys.PolicyDistribution.Path] = "tanh_gaussian",
        [ConfigKeys.LogEverySteps.Path] = 1000L,
    };

    internal override AlgoConfig Read(YamlSection s) => new SacConfig(
        Lr: s.Double(Lr),
        Gamma: s.Double(Gamma),
        EntropyCoef: s.Double(EntropyCoef),
        AnnealLr: s.Bool(AnnealLr),
        BufferSize: s.Int(BufferSize),
        LearningStarts: s.Long(LearningStarts),
        BatchSize: s.Int(BatchSize),
        Tau: s.Double(Tau),
        TrainFreq: s.Int(TrainFreq),
        GradientSteps: s.Int(GradientSteps),
        TargetUpdateInterval: s.Int(TargetUpdateInterval),
        AutoEntropy: s.Bool(AutoEntropy),
        TargetEntropy: s.NullableDouble(TargetEntropy));

    internal override void Validate(AlgoConfig algo, EnvConfig env, TrainConfig train, YamlSection root)
    {
        YamlSection policy = root.Child("policy");
        string distribution = policy.String("distribution", "tanh_gaussian");
        if (distribution != "tanh_gaussian")
            throw policy.ErrorAt("distribution", $"sac's actor is a tanh-squashed Gaussian: use tanh_gaussian, not {distribution}");
    }

    public override object? Value(AlgoConfig algo, ConfigKey key)
    {
        if (AlgoKeys.TryCommonValue(algo, key, out object? common)) return common;
        var c = (SacConfig)algo;
        return key.Path switch
        {
            "algo.buffer_size" => c.BufferSize,
            "algo.learning_starts" => c.LearningStarts,
            "algo.batch_size" => c.BatchSize,
            "algo.tau" => c.Tau,
            "algo.train_freq" => c.TrainFreq,
            "algo.gradient_steps" => c.GradientSteps,
            "algo.target_update_interval" => c.TargetUpdateInterval,
            "algo.auto_entropy" => c.AutoEntropy,
            "algo.target_entropy" => c.TargetEntropy,
            _ => throw new InvalidOperationException($"sac has no key {key.Path}"),
        };
    }

    public override IAlgorithm Create<TObs>(AlgoConfig config, VectorEnv<TObs> envs, ActorCritic policy, torch.Device device, torch.Generator generator) =>
        new Sac<TObs>((SacConfig)config, envs, policy, device, generator);
}
