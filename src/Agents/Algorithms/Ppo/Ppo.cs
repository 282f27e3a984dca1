using RlLab.Agents.Buffers;
using RlLab.Agents.Config;
using RlLab.Agents.Diagnostics;
using RlLab.Agents.Distributions;
using RlLab.Agents.Policies;
using RlLab.Agents.Tensors;
using RlLab.Agents.Training;
using RlLab.Envs.Spaces;
using RlLab.Envs.Vector;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Algorithms;

/// <summary>
/// Proximal Policy Optimization (Schulman et al. 2017) with the details of CleanRL's ppo.py:
/// GAE, advantage normalisation per minibatch, the clipped surrogate, a clipped value loss, an
/// entropy bonus, global gradient-norm clipping and linear learning-rate annealing, with Adam over one
/// flat parameter buffer (<see cref="FlatAdam"/>).
/// Truncated episodes are bootstrapped with γ·V(final observation). With target_kl set, the
/// epochs stop early once the approx_kl of an epoch's last minibatch is above it; the epoch itself
/// always finishes (CleanRL's rule, checked per epoch, not per minibatch as SB3 does).
/// </summary>
public sealed class Ppo<TObs> : OnPolicyAlgorithm<TObs> where TObs : unmanaged
{
    readonly PpoConfig _c;
    readonly ActorCritic _policy;
    readonly RolloutBuffer<TObs> _buffer;
    readonly Generator _generator;
    readonly FlatAdam _adam;
    readonly Device _device;
    readonly long[] _observationShape;

    public Ppo(PpoConfig config, VectorEnv<TObs> envs, ActorCritic policy, Device device, Generator generator)
        : base(config, config.NumSteps, config.GaeLambda, envs, policy, device, generator)
    {
        _c = config;
        _policy = policy;
        _device = device;
        _generator = generator;
        _buffer = Collector.Buffer;
        _observationShape = Collector.ObservationShape;
        _adam = new FlatAdam([.. policy.parameters()], config.Lr, eps: 1e-5);
    }

    public override TorchSharp.Modules.OptimizerHelper Optimizer => _adam.State;

    /// <summary>Epochs over the last batch that ran (fewer than configured when target_kl stopped them) and minibatch steps taken.</summary>
    public (int Epochs, int Updates) LastUpdate { get; private set; }

    /// <summary>Several epochs of minibatch updates on the clipped surrogate objective.</summary>
    protected override IterationResult Learn(double lr, IterationMetrics metrics)
    {
        using var scope = NewDisposeScope();
        int batch = _buffer.Size, minibatch = batch / _c.Minibatches;
        Tensor bObs = TensorStaging.FromBuffer<TObs>(_buffer.Observations, [batch, .. _observationShape], _device);
        Tensor bActions = TensorStaging.FromBuffer<float>(_buffer.Actions, [batch, _buffer.ActionSize], _device);
        Tensor bLogProbs = TensorStaging.FromBuffer<float>(_buffer.LogProbs, [batch], _device);
        Tensor bAdvantages = TensorStaging.FromBuffer<float>(_buffer.Advantages, [batch], _device);
        Tensor bReturns = TensorStaging.FromBuffer<float>(_buffer.Returns, [batch], _device);
        Tensor bValues = TensorStaging.FromBuffer<float>(_buffer.Values, [batch], _device);

        bool observationsFinite = typeof(TObs) != typeof(float) || bObs.isfinite().all().item<bool>();
        // One minibatch is the whole batch. A mean does not depend on the order, so it is neither
        // shuffled nor gathered, and its advantages (CleanRL's norm_adv) are normalised once for all epochs.
        bool whole = _c.Minibatches == 1;
        if (whole && _c.NormalizeAdvantages) bAdvantages = PpoLoss.NormalizeAdvantages(bAdvantages);
        double entropyCoefNow = _c.EntropyCoefAt(Progress);
        double pgSum = 0, vSum = 0, entSum = 0, klSum = 0, clipSum = 0, gradNorm = 0, lastKl = 0;
        int updates = 0, epochs = 0;
        bool stop = false;
        for (; epochs < _c.Epochs && !stop; epochs++)
        {
            Tensor? order = whole ? null : randperm(batch, generator: _generator, device: _device);
            for (int start = 0; start < batch; start += minibatch)
            {
                using var step = NewDisposeScope();
                Tensor? idx = order?.narrow(0, start, minibatch);
                Tensor Take(Tensor t) => idx is null ? t : t.index_select(0, idx);
                var (actorOut, newValue) = _policy.call(Take(bObs));
                IActionDistribution dist = _policy.Distribution(actorOut);
                Tensor newLogProb = dist.LogProb(Take(bActions));
                Tensor entropy;
                // Without an entropy bonus the entropy is only logged: keep it out of the graph.
                using (entropyCoefNow == 0 ? no_grad() : null) entropy = dist.Entropy().mean();

                Tensor logRatio = newLogProb.sub(Take(bLogProbs));
                Tensor ratio = logRatio.exp();
                Tensor approxKl = PpoLoss.ApproxKl(logRatio, ratio);
                Tensor clipFraction = PpoLoss.ClipFraction(ratio, _c.ClipCoef);

                Tensor advantages = Take(bAdvantages);
                if (!whole && _c.NormalizeAdvantages) advantages = PpoLoss.NormalizeAdvantages(advantages);
                Tensor pgLoss = PpoLoss.PolicyLoss(advantages, ratio, _c.ClipCoef);
                Tensor vLoss = PpoLoss.ValueLoss(newValue!, Take(bReturns), _c.ClipValueLoss ? Take(bValues) : null, _c.ClipCoef);

                using Scalar valueCoef = _c.ValueCoef, entropyCoef = entropyCoefNow;
                Tensor loss = pgLoss.Plus(vLoss.mul(valueCoef));
                if (entropyCoefNow != 0) loss = loss.sub(entropy.mul(entropyCoef));
                _adam.ZeroGrad();
                long tb = WallProfile.Start();
                loss.backward();
                WallProfile.Stop(ProfileSection.Backward, tb);
                tb = WallProfile.Start();
                double norm = _adam.ClipGradNorm(_c.MaxGradNorm);
                // NaN compares false: keep a non-finite norm so that the trainer's guard sees it.
                gradNorm = double.IsFinite(norm) && double.IsFinite(gradNorm) ? Math.Max(gradNorm, norm) : double.NaN;
                _adam.Step();
                WallProfile.Stop(ProfileSection.Optimiser, tb);

                pgSum += pgLoss.item<float>();
                vSum += vLoss.item<float>();
                entSum += entropy.item<float>();
                double kl = approxKl.item<float>();
                klSum += kl;
                clipSum += clipFraction.item<float>();
                updates++;
                lastKl = kl;
            }
            // As CleanRL's ppo.py: an epoch always finishes; the next starts only while the KL of
            // its last minibatch is at most target_kl.
            if (_c.TargetKl is double target && lastKl > target) stop = true;
        }
        LastUpdate = (epochs, updates);
        metrics.Record("losses/policy_loss", pgSum / updates);
        metrics.Record("losses/value_loss", vSum / updates);
        metrics.Record("losses/entropy", entSum / updates);
        metrics.Record("losses/approx_kl", klSum / updates);
        metrics.Record("losses/clip_fraction", clipSum / updates);
        metrics.Record("losses/explained_variance", OnPolicyRollout<TObs>.ExplainedVariance(_buffer.Values, _buffer.Returns));
        metrics.Record("charts/policy_std", _policy.MeanStd());
        metrics.Record("charts/lr", lr);
        if (_c.EntropyCoefEnd is not null) metrics.Record("charts/entropy_coef", entropyCoefNow);
        metrics.MustBeFinite("policy loss", pgSum / updates);
        metrics.MustBeFinite("value loss", vSum / updates);
        metrics.MustBeFinite("entropy", entSum / updates);
        metrics.MustBeFinite("gradient norm", gradNorm);
        return new IterationResult(batch, observationsFinite);
    }

    public override void Dispose()
    {
        base.Dispose();
        _adam.Dispose();
    }
}
