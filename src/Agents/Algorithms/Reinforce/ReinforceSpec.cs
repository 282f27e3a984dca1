using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Envs.Vector;
using TorchSharp;

namespace RlLab.Agents.Algorithms;

/// <summary>REINFORCE's registration: its keys with the MIT lab's defaults (a small ReLU policy, γ 0.95, Adam 1e-3), its checks and its constructor.</summary>
public sealed class ReinforceSpec : AlgorithmSpec
{
    public static ReinforceSpec Instance => (ReinforceSpec)AlgorithmRegistry.Get("reinforce");

    static readonly ConfigKey NormalizeReturns = ConfigKey.Bool("algo.normalize_returns", true, "(G - mean) / std per episode, as in the MIT lab");
    static readonly ConfigKey MaxBatch = ConfigKey.Int("algo.max_batch", 0, 0, 1 << 24, "learn from a random subset of at most this many steps of the episode (the MIT driving lab: 300); 0 = every step");
    static readonly ConfigKey BootstrapTruncated = ConfigKey.Bool("algo.bootstrap_truncated", false, "a time-limited episode continues at its last reward rate, G_T = r/(1 - gamma) (Pardo et al. 2018); needs gamma < 1");
    static readonly ConfigKey ResetReturnOnReward = ConfigKey.Bool("algo.reset_return_on_reward", false, "a nonzero reward restarts the discounted sum (Pong: one point at a time, as the MIT lab)");

    public override string Name => "reinforce";
    public override string Summary => "REINFORCE (Williams 1992) as in the MIT 6.S191 lab: one episode per update, normalised discounted returns, no critic";
    public override bool HasCritic => false;

    public override IReadOnlyList<ConfigKey> Keys { get; } =
    [
        AlgoKeys.Lr(1e-3), AlgoKeys.Gamma(0.95), AlgoKeys.MaxGradNorm(2.0), AlgoKeys.EntropyCoef(0.0), AlgoKeys.AnnealLr(false),
        NormalizeReturns, MaxBatch, BootstrapTruncated, ResetReturnOnReward,
    ];

    // Built on use: ConfigKeys' own initialisation reads this registry.
    protected override IReadOnlyDictionary<string, object?> SharedDefaults => new Dictionary<string, object?>
    {
        [ConfigKeys.PolicyHidden.Path] = (int[])[32],
        [ConfigKeys.PolicyActivation.Path] = "relu",
        [ConfigKeys.TotalSteps.Path] = long.MaxValue,
    };

    internal override AlgoConfig Read(YamlSection s)
    {
        var (lr, gamma, maxGradNorm, entropyCoef, annealLr) = AlgoKeys.ReadCommon(s, Keys);
        var c = new ReinforceConfig(lr, gamma, maxGradNorm, entropyCoef, annealLr,
            NormalizeReturns: s.Bool(NormalizeReturns),
            MaxBatch: s.Int(MaxBatch),
            BootstrapTruncated: s.Bool(BootstrapTruncated),
            ResetReturnOnReward: s.Bool(ResetReturnOnReward));
        if (c.BootstrapTruncated && c.Gamma >= 1) throw s.ErrorAt("bootstrap_truncated", "needs gamma < 1 (the tail r/(1 − γ) is infinite otherwise)");
        return c;
    }

    internal override void Validate(AlgoConfig algo, EnvConfig env, TrainConfig train, YamlSection root)
    {
        if (env.NumEnvs != 1)
            throw root.Child("env").ErrorAt("num_envs", "reinforce collects whole episodes from one env: use num_envs: 1");
    }

    public override object? Value(AlgoConfig algo, ConfigKey key)
    {
        if (AlgoKeys.TryCommonValue(algo, key, out object? common)) return common;
        var c = (ReinforceConfig)algo;
        return key.Path switch
        {
            "algo.normalize_returns" => c.NormalizeReturns,
            "algo.max_batch" => c.MaxBatch,
            "algo.bootstrap_truncated" => c.BootstrapTruncated,
            "algo.reset_return_on_reward" => c.ResetReturnOnReward,
            _ => throw new InvalidOperationException($"reinforce has no key {key.Path}"),
        };
    }

    public override IAlgorithm Create<TObs>(AlgoConfig config, VectorEnv<TObs> envs, ActorCritic policy, torch.Device device, torch.Generator generator) =>
        new Reinforce<TObs>((ReinforceConfig)config, envs, policy, device, generator);
}
