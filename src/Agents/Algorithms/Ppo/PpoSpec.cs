using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Envs.Vector;
using TorchSharp;

namespace RlLab.Agents.Algorithms;

/// <summary>PPO's registration: its keys with CleanRL's defaults, its checks and its constructor.</summary>
public sealed class PpoSpec : AlgorithmSpec
{
    public static PpoSpec Instance => (PpoSpec)AlgorithmRegistry.Get("ppo");

    static readonly ConfigKey GaeLambda = AlgoKeys.GaeLambda(0.95);
    static readonly ConfigKey NumSteps = AlgoKeys.NumSteps(128);
    static readonly ConfigKey Epochs = ConfigKey.Int("algo.epochs", 4, 1, 1000, "passes over each batch");
    static readonly ConfigKey Minibatches = ConfigKey.Int("algo.minibatches", 4, 1, 1 << 20, "must divide the batch; with 1, the whole batch each epoch (not shuffled, advantages normalised once)");
    static readonly ConfigKey ClipCoef = ConfigKey.Double("algo.clip_coef", 0.2, 0, 10, "surrogate clip, also used for the value clip");
    static readonly ConfigKey ValueCoef = AlgoKeys.ValueCoef(0.5);
    static readonly ConfigKey ClipValueLoss = ConfigKey.Bool("algo.clip_value_loss", true, "clip the value change to ± clip_coef, as CleanRL");
    static readonly ConfigKey NormalizeAdvantages = ConfigKey.Bool("algo.normalize_advantages", true, "normalise advantages per minibatch");
    static readonly ConfigKey EntropyCoefEnd = new("algo.entropy_coef_end", null, "anneal the entropy bonus linearly from entropy_coef to this over the budget (as anneal_lr does the rate); unset: constant") { Type = "double", Min = 0, Max = 100 };
    static readonly ConfigKey TargetKl = new("algo.target_kl", null, "after each epoch, stop the update when the approximate KL of its last minibatch exceeds this (CleanRL's rule; the epoch always finishes)") { Type = "double", Min = 0, Max = 10 };

    public override string Name => "ppo";
    public override string Summary => "Proximal Policy Optimization with CleanRL's details (GAE, clipped surrogate and value loss, advantage normalisation, LR annealing)";
    public override bool HasCritic => true;

    public override IReadOnlyList<ConfigKey> Keys { get; } =
    [
        AlgoKeys.Lr(2.5e-4), AlgoKeys.Gamma(0.99), AlgoKeys.MaxGradNorm(0.5), AlgoKeys.EntropyCoef(0.01), AlgoKeys.AnnealLr(true),
        GaeLambda, NumSteps, Epochs, Minibatches, ClipCoef, ValueCoef, ClipValueLoss, NormalizeAdvantages, TargetKl, EntropyCoefEnd,
    ];

    internal override AlgoConfig Read(YamlSection s)
    {
        var (lr, gamma, maxGradNorm, entropyCoef, annealLr) = AlgoKeys.ReadCommon(s, Keys);
        return new PpoConfig(lr, gamma, maxGradNorm, entropyCoef, annealLr,
            GaeLambda: s.Double(GaeLambda),
            NumSteps: s.Int(NumSteps),
            Epochs: s.Int(Epochs),
            Minibatches: s.Int(Minibatches),
            ClipCoef: s.Double(ClipCoef),
            ValueCoef: s.Double(ValueCoef),
            ClipValueLoss: s.Bool(ClipValueLoss),
            NormalizeAdvantages: s.Bool(NormalizeAdvantages),
            TargetKl: s.NullableDouble(TargetKl),
            EntropyCoefEnd: s.NullableDouble(EntropyCoefEnd));
    }

    internal override void Validate(AlgoConfig algo, EnvConfig env, TrainConfig train, YamlSection root)
    {
        var c = (PpoConfig)algo;
        AlgoKeys.CheckRolloutFits(c.NumSteps, train, root);
        if (env.NumEnvs * c.NumSteps % c.Minibatches != 0)
            throw root.Child("algo").ErrorAt("minibatches", $"num_envs × num_steps = {env.NumEnvs * c.NumSteps} must divide into {c.Minibatches} minibatches");
    }

    public override object? Value(AlgoConfig algo, ConfigKey key)
    {
        if (AlgoKeys.TryCommonValue(algo, key, out object? common)) return common;
        var c = (PpoConfig)algo;
        return key.Path switch
        {
            "algo.gae_lambda" => c.GaeLambda,
            "algo.num_steps" => c.NumSteps,
            "algo.epochs" => c.Epochs,
            "algo.minibatches" => c.Minibatches,
            "algo.clip_coef" => c.ClipCoef,
            "algo.value_coef" => c.ValueCoef,
            "algo.clip_value_loss" => c.ClipValueLoss,
            "algo.normalize_advantages" => c.NormalizeAdvantages,
            "algo.target_kl" => c.TargetKl,
            "algo.entropy_coef_end" => c.EntropyCoefEnd,
            _ => throw new InvalidOperationException($"ppo has no key {key.Path}"),
        };
    }

    public override IAlgorithm Create<TObs>(AlgoConfig config, VectorEnv<TObs> envs, ActorCritic policy, torch.Device device, torch.Generator generator) =>
        new Ppo<TObs>((PpoConfig)config, envs, policy, device, generator);
}
