using RlLab.Agents.Buffers;
using RlLab.Agents.Diagnostics;
using RlLab.Agents.Distributions;
using RlLab.Agents.Policies;
using RlLab.Agents.Training;
using RlLab.Envs.Vector;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Algorithms;

/// <summary>
/// Synchronous advantage actor-critic (Mnih et al. 2016, A2C as in SB3's a2c.py): num_steps in every
/// env (<see cref="OnPolicyRollout{TObs}"/>, GAE with λ = 1 by default, i.e. n-step returns, truncated
/// episodes bootstrapped), then one gradient step on the whole batch (<see cref="A2cLoss"/>), the
/// gradient norm clipped, with RMSprop (α 0.99, ε 1e-5) as SB3's default.
/// </summary>
public sealed class A2c<TObs> : OnPolicyAlgorithm<TObs> where TObs : unmanaged
{
    readonly A2cConfig _c;
    readonly ActorCritic _policy;
    readonly Device _device;

    public A2c(A2cConfig config, VectorEnv<TObs> envs, ActorCritic policy, Device device, Generator generator)
        : base(config, config.NumSteps, config.GaeLambda, envs, policy, device, generator)
    {
        _c = config;
        _policy = policy;
        _device = device;
        Optimizer = optim.RMSProp(policy.parameters(), config.Lr, alpha: 0.99, eps: 1e-5);
    }

    public override TorchSharp.Modules.OptimizerHelper Optimizer { get; }

    /// <summary>One gradient step on the batch.</summary>
    protected override IterationResult Learn(double lr, IterationMetrics metrics)
    {
        using var scope = NewDisposeScope();
        RolloutBuffer<TObs> b = Collector.Buffer;
        int batch = b.Size;
        Tensor obs = TensorStaging.FromBuffer<TObs>(b.Observations, [batch, .. Collector.ObservationShape], _device);
        Tensor actions = TensorStaging.FromBuffer<float>(b.Actions, [batch, b.ActionSize], _device);
        Tensor advantages = TensorStaging.FromBuffer<float>(b.Advantages, [batch], _device);
        Tensor returns = TensorStaging.FromBuffer<float>(b.Returns, [batch], _device);
        bool observationsFinite = typeof(TObs) != typeof(float) || obs.isfinite().all().item<bool>();
        if (_c.NormalizeAdvantages) advantages = PpoLoss.NormalizeAdvantages(advantages);

        var (actorOut, values) = _policy.call(obs);
        IActionDistribution dist = _policy.Distribution(actorOut);
        Tensor entropy;
        // Without an entropy bonus the entropy is only logged: keep it out of the graph.
        using (_c.EntropyCoef == 0 ? no_grad() : null) entropy = dist.Entropy();
        Tensor policyLoss = A2cLoss.PolicyLoss(advantages, dist.LogProb(actions));
        Tensor valueLoss = A2cLoss.ValueLoss(values!, returns);
        Tensor loss = A2cLoss.Total(policyLoss, valueLoss, entropy, _c.ValueCoef, _c.EntropyCoef);

        Optimizer.zero_grad();
        long t0 = WallProfile.Start();
        loss.backward();
        WallProfile.Stop(ProfileSection.Backward, t0);
        t0 = WallProfile.Start();
        double gradNorm = nn.utils.clip_grad_norm_(_policy.parameters(), _c.MaxGradNorm);
        Optimizer.step();
        WallProfile.Stop(ProfileSection.Optimiser, t0);

        double pg = policyLoss.item<float>(), v = valueLoss.item<float>(), ent = entropy.mean().item<float>();
        metrics.Record("losses/policy_loss", pg);
        metrics.Record("losses/value_loss", v);
        metrics.Record("losses/entropy", ent);
        metrics.Record("losses/explained_variance", OnPolicyRollout<TObs>.ExplainedVariance(b.Values, b.Returns));
        metrics.Record("charts/policy_std", _policy.MeanStd());
        metrics.Record("charts/lr", lr);
        metrics.MustBeFinite("policy loss", pg);
        metrics.MustBeFinite("value loss", v);
        metrics.MustBeFinite("entropy", ent);
        metrics.MustBeFinite("gradient norm", gradNorm);
        return new IterationResult(batch, observationsFinite);
    }

    public override void Dispose()
    {
        base.Dispose();
        Optimizer.Dispose();
    }
}
