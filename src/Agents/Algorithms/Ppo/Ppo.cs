using RlLab.Agents.Buffers;
using RlLab.Agents.Config;
using RlLab.Agents.Diagnostics;
using RlLab.Agents.Distributions;
using RlLab.Agents.Policies;
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
public sealed class Ppo<TObs> : IAlgorithm where TObs : unmanaged
{
    readonly PpoConfig _c;
    readonly VectorEnv<TObs> _envs;
    readonly ActorCritic _policy;
    readonly IRolloutPolicy<TObs> _runner;
    readonly RolloutBuffer<TObs> _buffer;
    readonly Generator _generator;
    readonly FlatAdam _adam;
    readonly Device _device;
    readonly float[] _lastValues, _finalValues;
    readonly long[] _observationShape;

    public Ppo(PpoConfig config, VectorEnv<TObs> envs, ActorCritic policy, Device device, Generator generator)
    {
        _c = config;
        _envs = envs;
        _policy = policy;
        _device = device;
        _generator = generator;
        // Small MLPs roll out in C# (no libtorch call per step); the learner below always uses torch.
        _runner = (FastMlpPolicy.Enabled ? FastMlpPolicy.TryCreate<TObs>(policy, envs.ObservationSize, envs.Count, config.NumSteps) : null)
            ?? new PolicyRunner<TObs>(policy, envs.Count, envs.SingleObservationSpace.Shape, device);
        _buffer = new RolloutBuffer<TObs>(config.NumSteps, envs.Count, envs.ObservationSize, envs.ActionSize);
        _lastValues = new float[envs.Count];
        _finalValues = new float[envs.Count];
        _observationShape = [.. envs.SingleObservationSpace.Shape.Select(d => (long)d)];
        _adam = new FlatAdam([.. policy.parameters()], config.Lr, eps: 1e-5);
    }

    public TorchSharp.Modules.OptimizerHelper Optimizer => _adam.State;

    /// <summary>The last rollout with its advantages and returns; read it, do not write it (diagnostics, tests).</summary>
    public RolloutBuffer<TObs> Rollout => _buffer;

    /// <summary>Epochs over the last batch that ran (fewer than configured when target_kl stopped them) and minibatch steps taken.</summary>
    public (int Epochs, int Updates) LastUpdate { get; private set; }

    public IterationResult Iterate(double progress, long globalStep, EpisodeLog episodes, IterationMetrics metrics)
    {
        // Anneal the learning rate linearly to zero over the budget.
        double lr = _c.AnnealLr ? _c.Lr * (1.0 - progress) : _c.Lr;
        Optimizer.SetLearningRate(lr);

        _runner.Sync(); // the weights of the last update, or of a restored checkpoint
        if (Collect(globalStep, episodes) is int collected)
            return new IterationResult(collected, ObservationsFinite: false);
        long t0 = WallProfile.Start();
        _runner.Values(_envs.Observations, _lastValues);
        WallProfile.Stop(ProfileSection.Inference, t0);
        _buffer.ComputeAdvantages(_lastValues, _c.Gamma, _c.GaeLambda);
        return Learn(lr, metrics);
    }

    /// <summary>Runs the current policy for num_steps in every env; on a non-finite observation, stops and returns the steps taken.</summary>
    int? Collect(long globalStep, EpisodeLog episodes)
    {
        for (int t = 0; t < _c.NumSteps; t++)
        {
            // Checked before the policy sees it: a NaN would otherwise end in a torch error deep in sampling.
            if (!Finite.All<TObs>(_envs.Observations)) return t * _envs.Count;
            long t0 = WallProfile.Start();
            _envs.Observations.CopyTo(_buffer.ObservationsAt(t));
            WallProfile.Stop(ProfileSection.ObservationCopy, t0);
            Span<float> actions = _buffer.ActionsAt(t);
            t0 = WallProfile.Start();
            _runner.Act(_envs.Observations, actions, _buffer.At(_buffer.LogProbs, t), _buffer.At(_buffer.Values, t), false, _generator);
            WallProfile.Stop(ProfileSection.Inference, t0);

            // The raw sample goes to the envs (their stack clips a Box action), so the ratio stays exact.
            WallProfile.BeforeEnvStep();
            t0 = WallProfile.Start();
            _envs.Step(actions);
            WallProfile.Stop(ProfileSection.EnvStep, t0);

            Span<float> rewards = _buffer.At(_buffer.Rewards, t);
            Span<bool> dones = _buffer.Dones.AsSpan(t * _envs.Count, _envs.Count);
            _envs.Rewards.CopyTo(rewards);
            bool anyTruncated = false;
            for (int e = 0; e < _envs.Count; e++)
            {
                dones[e] = _envs.Done(e);
                anyTruncated |= _envs.Truncated[e] && !_envs.Terminated[e];
                if (dones[e]) episodes.Add(_envs.Episodes[e], globalStep + (long)(t + 1) * _envs.Count);
            }
            if (anyTruncated)
            {
                // A time limit is not a terminal state: add the value of where the episode stopped.
                t0 = WallProfile.Start();
                _runner.Values(_envs.FinalObservations, _finalValues);
                WallProfile.Stop(ProfileSection.Inference, t0);
                for (int e = 0; e < _envs.Count; e++)
                    if (_envs.Truncated[e] && !_envs.Terminated[e]) rewards[e] += (float)(_c.Gamma * _finalValues[e]);
            }
        }
        return null;
    }

    /// <summary>Several epochs of minibatch updates on the clipped surrogate objective.</summary>
    IterationResult Learn(double lr, IterationMetrics metrics)
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
                using (_c.EntropyCoef == 0 ? no_grad() : null) entropy = dist.Entropy().mean();

                Tensor logRatio = newLogProb - Take(bLogProbs);
                Tensor ratio = logRatio.exp();
                Tensor approxKl = PpoLoss.ApproxKl(logRatio, ratio);
                Tensor clipFraction = PpoLoss.ClipFraction(ratio, _c.ClipCoef);

                Tensor advantages = Take(bAdvantages);
                if (!whole && _c.NormalizeAdvantages) advantages = PpoLoss.NormalizeAdvantages(advantages);
                Tensor pgLoss = PpoLoss.PolicyLoss(advantages, ratio, _c.ClipCoef);
                Tensor vLoss = PpoLoss.ValueLoss(newValue!, Take(bReturns), _c.ClipValueLoss ? Take(bValues) : null, _c.ClipCoef);

                Tensor loss = pgLoss + _c.ValueCoef * vLoss;
                if (_c.EntropyCoef != 0) loss -= _c.EntropyCoef * entropy;
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
        metrics.Record("losses/explained_variance", ExplainedVariance(_buffer.Values, _buffer.Returns));
        metrics.Record("charts/policy_std", _policy.MeanStd());
        metrics.Record("charts/lr", lr);
        metrics.MustBeFinite("policy loss", pgSum / updates);
        metrics.MustBeFinite("value loss", vSum / updates);
        metrics.MustBeFinite("entropy", entSum / updates);
        metrics.MustBeFinite("gradient norm", gradNorm);
        return new IterationResult(batch, observationsFinite);
    }

    /// <summary>How much of the returns' variance the value estimates explain; NaN when the returns are constant.</summary>
    internal static double ExplainedVariance(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual)
    {
        double meanY = 0, meanD = 0;
        for (int i = 0; i < actual.Length; i++) { meanY += actual[i]; meanD += actual[i] - predicted[i]; }
        meanY /= actual.Length;
        meanD /= actual.Length;
        double varY = 0, varD = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double y = actual[i] - meanY, d = actual[i] - predicted[i] - meanD;
            varY += y * y;
            varD += d * d;
        }
        return varY == 0 ? double.NaN : 1 - varD / varY;
    }

    public void Dispose()
    {
        _runner.Dispose();
        _adam.Dispose();
    }
}
