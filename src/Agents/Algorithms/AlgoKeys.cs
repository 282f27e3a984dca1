using RlLab.Agents.Config;

namespace RlLab.Agents.Algorithms;

/// <summary>
/// The keys several algorithms share, declared once (names, ranges, docs): an algorithm lists them in
/// its own key table with its own defaults. The first five are every algorithm's (the fields of
/// <see cref="AlgoConfig"/>, read with <see cref="ReadCommon"/>).
/// </summary>
public static class AlgoKeys
{
    public static ConfigKey Lr(double value) => ConfigKey.Double("algo.lr", value, 1e-8, 1, "Adam learning rate");
    public static ConfigKey Gamma(double value) => ConfigKey.Double("algo.gamma", value, 0, 1, "discount");
    public static ConfigKey MaxGradNorm(double value) => ConfigKey.Double("algo.max_grad_norm", value, 0, 1e6, "global gradient-norm clip");
    public static ConfigKey EntropyCoef(double value) => ConfigKey.Double("algo.entropy_coef", value, 0, 100, "entropy bonus; at 0 the entropy is only logged (no graph)");
    public static ConfigKey AnnealLr(bool value) => ConfigKey.Bool("algo.anneal_lr", value, "linear decay of lr to 0 over the budget");

    // The rollout keys of the on-policy actor-critics (OnPolicyRollout): PPO and A2C.
    public static ConfigKey GaeLambda(double value) => ConfigKey.Double("algo.gae_lambda", value, 0, 1, "GAE λ (1: n-step returns)");
    public static ConfigKey NumSteps(long value) => ConfigKey.Int("algo.num_steps", value, 1, 1 << 20, "steps per env per rollout; the batch is num_envs × num_steps");
    public static ConfigKey ValueCoef(double value) => ConfigKey.Double("algo.value_coef", value, 0, 100, "weight of the value loss");

    /// <summary>The common values, read with the defaults of the algorithm's table <paramref name="keys"/>.</summary>
    internal static (double Lr, double Gamma, double MaxGradNorm, double EntropyCoef, bool AnnealLr) ReadCommon(YamlSection s, IReadOnlyList<ConfigKey> keys)
    {
        ConfigKey K(string path) => keys.Single(k => k.Path == path);
        return (s.Double(K("algo.lr")), s.Double(K("algo.gamma")), s.Double(K("algo.max_grad_norm")),
            s.Double(K("algo.entropy_coef")), s.Bool(K("algo.anneal_lr")));
    }

    /// <summary>The value of a common key, or null for a key that is not one.</summary>
    internal static bool TryCommonValue(AlgoConfig c, ConfigKey key, out object? value)
    {
        value = key.Path switch
        {
            "algo.lr" => c.Lr,
            "algo.gamma" => c.Gamma,
            "algo.max_grad_norm" => c.MaxGradNorm,
            "algo.entropy_coef" => c.EntropyCoef,
            "algo.anneal_lr" => c.AnnealLr,
            _ => null,
        };
        return value is not null;
    }

    /// <summary>
    /// One rollout (num_steps in every env) must fit in the step budget: a larger one would train past
    /// train.total_steps before the budget is first looked at.
    /// </summary>
    internal static void CheckRolloutFits(long numSteps, TrainConfig train, YamlSection root)
    {
        if (numSteps > train.TotalSteps)
            throw root.Child("algo").ErrorAt("num_steps",
                $"{numSteps} is more than train.total_steps ({train.TotalSteps}): one rollout would pass the whole budget; lower algo.num_steps or raise train.total_steps");
    }
}
