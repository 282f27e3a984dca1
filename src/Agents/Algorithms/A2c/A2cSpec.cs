using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Envs.Vector;
using TorchSharp;

namespace RlLab.Agents.Algorithms;

/// <summary>A2C's registration: its keys with SB3's defaults, and its constructor.</summary>
public sealed class A2cSpec : AlgorithmSpec
{
    public static A2cSpec Instance => (A2cSpec)AlgorithmRegistry.Get("a2c");

    static readonly ConfigKey GaeLambda = AlgoKeys.GaeLambda(1.0);
    static readonly ConfigKey NumSteps = AlgoKeys.NumSteps(5);
    static readonly ConfigKey ValueCoef = AlgoKeys.ValueCoef(0.5);
    static readonly ConfigKey NormalizeAdvantages = ConfigKey.Bool("algo.normalize_advantages", false, "normalise the advantages over each batch (SB3's normalize_advantage)");

    public override string Name => "a2c";
    public override string Summary => "synchronous advantage actor-critic with SB3's defaults: one RMSprop step (α 0.99, ε 1e-5) per rollout of num_steps in every env";
    public override bool HasCritic => true;

    public override IReadOnlyList<ConfigKey> Keys { get; } =
    [
        AlgoKeys.Lr(7e-4), AlgoKeys.Gamma(0.99), AlgoKeys.MaxGradNorm(0.5), AlgoKeys.EntropyCoef(0.0), AlgoKeys.AnnealLr(false),
        GaeLambda, NumSteps, ValueCoef, NormalizeAdvantages,
    ];

    internal override AlgoConfig Read(YamlSection s)
    {
        var (lr, gamma, maxGradNorm, entropyCoef, annealLr) = AlgoKeys.ReadCommon(s, Keys);
        return new A2cConfig(lr, gamma, maxGradNorm, entropyCoef, annealLr,
            GaeLambda: s.Double(GaeLambda),
            NumSteps: s.Int(NumSteps),
            ValueCoef: s.Double(ValueCoef),
            NormalizeAdvantages: s.Bool(NormalizeAdvantages));
    }

    internal override void Validate(AlgoConfig algo, EnvConfig env, TrainConfig train, YamlSection root) =>
        AlgoKeys.CheckRolloutFits(((A2cConfig)algo).NumSteps, train, root);

    public override object? Value(AlgoConfig algo, ConfigKey key)
    {
        if (AlgoKeys.TryCommonValue(algo, key, out object? common)) return common;
        var c = (A2cConfig)algo;
        return key.Path switch
        {
            "algo.gae_lambda" => c.GaeLambda,
            "algo.num_steps" => c.NumSteps,
            "algo.value_coef" => c.ValueCoef,
            "algo.normalize_advantages" => c.NormalizeAdvantages,
            _ => throw new InvalidOperationException($"a2c has no key {key.Path}"),
        };
    }

    public override IAlgorithm Create<TObs>(AlgoConfig config, VectorEnv<TObs> envs, ActorCritic policy, torch.Device device, torch.Generator generator) =>
        new A2c<TObs>((A2cConfig)config, envs, policy, device, generator);
}
