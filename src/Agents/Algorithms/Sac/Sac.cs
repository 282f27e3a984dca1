using RlLab.Agents.Buffers;
using RlLab.Agents.Checkpoints;
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
/// Soft actor-critic (Haarnoja et al. 2018, with the learned temperature of "SAC: algorithms and
/// applications"; SB3's sac.py as the reference) for Box actions. Each iteration steps every env
/// train_freq times (uniform random actions before learning_starts, then samples of the tanh-squashed
/// actor) into the <see cref="ReplayBuffer{TObs}"/>, then takes gradient_steps updates on random
/// batches: the temperature, the twin Q-networks towards the soft target of the trailing target
/// networks, the actor, then the Polyak step of the targets (<see cref="SacLoss"/>, <see cref="Polyak"/>).
/// Actions are learned in the squashed units (−1..1); the env gets them scaled to its bounds.
/// </summary>
public sealed class Sac<TObs> : IAlgorithm where TObs : unmanaged
{
    readonly SacConfig _c;
    readonly VectorEnv<TObs> _envs;
    readonly ActorCritic _actor;
    readonly TwinQ _critic, _target;
    readonly Temperature _temperature;
    // FlatAdam, not TorchSharp's Adam: its step holds its Scalars (TorchSharp's failed runs), and one flat buffer is fewer calls.
    readonly FlatAdam _actorOptimizer, _criticOptimizer;
    readonly FlatAdam? _temperatureOptimizer;
    readonly ReplayBuffer<TObs> _replay;
    readonly Generator _generator;
    readonly Device _device;
    readonly long[] _observationShape;
    readonly double _targetEntropy;
    readonly float[] _scale, _bias;
    // Per step: the observations before it, the squashed and the env actions; per batch: the gathered rows.
    readonly TObs[] _before;
    readonly float[] _squashed, _envActions;
    readonly long[] _rows;
    readonly TObs[] _batchObs, _batchNext;
    readonly float[] _batchActions, _batchRewards, _batchTerminated;
    long _updates;

    /// <summary>The replay buffer's arrays are allocated at once: a sanity bound far below what exhausts memory.</summary>
    public const long MaxReplayBytes = 4L << 30;

    public Sac(SacConfig config, VectorEnv<TObs> envs, ActorCritic actor, Device device, Generator generator)
    {
        if (actor.Head != ActionHead.TanhGaussian) throw new ArgumentException("sac needs policy.distribution: tanh_gaussian");
        var box = (Box)envs.SingleActionSpace;
        _c = config;
        _envs = envs;
        _actor = actor;
        _device = device;
        _generator = generator;
        _observationShape = [.. envs.SingleObservationSpace.Shape.Select(d => (long)d)];
        int n = envs.Count, o = envs.ObservationSize, a = envs.ActionSize;
        _scale = [.. box.Low.Zip(box.High, (l, h) => (h - l) / 2)];
        _bias = [.. box.Low.Zip(box.High, (l, h) => (h + l) / 2)];
        _targetEntropy = config.TargetEntropy ?? -a;

        bool image = envs.SingleObservationSpace is Box { DType: DType.UInt8 };
        // The Q-networks draw their own seeds from the run's, so they never share the actor's initial weights.
        long seed = (long)generator.initial_seed() + 1;
        _critic = new TwinQ(actor.Config, envs.SingleObservationSpace.Shape, image, a, seed);
        _target = new TwinQ(actor.Config, envs.SingleObservationSpace.Shape, image, a, seed);
        _critic.to(device);
        _target.to(device);
        Polyak.Copy(_critic, _target);
        _target.eval();
        _temperature = new Temperature(config.EntropyCoef);
        _temperature.to(device);

        // torch.optim.Adam's eps, as SB3's SAC.
        _actorOptimizer = new FlatAdam([.. actor.parameters()], config.Lr, eps: 1e-8);
        _criticOptimizer = new FlatAdam([.. _critic.parameters()], config.Lr, eps: 1e-8);
        if (config.AutoEntropy) _temperatureOptimizer = new FlatAdam([_temperature.LogAlpha], config.Lr, eps: 1e-8);

        long bytes = ReplayBuffer<TObs>.BytesFor(config.BufferSize, o, a);
        if (bytes > MaxReplayBytes)
            throw new SetupException($"algo.buffer_size: {config.BufferSize:N0} transitions of this env take {bytes / (1L << 30):N0} GiB; at most {MaxReplayBytes >> 30} GiB, so make it smaller");
        _replay = new ReplayBuffer<TObs>(config.BufferSize, o, a);
        _before = new TObs[n * o];
        _squashed = new float[n * a];
        _envActions = new float[n * a];
        int b = config.BatchSize;
        _rows = new long[b];
        _batchObs = new TObs[b * o];
        _batchNext = new TObs[b * o];
        _batchActions = new float[b * a];
        _batchRewards = new float[b];
        _batchTerminated = new float[b];
    }

    /// <summary>The transitions collected so far (tests, diagnostics).</summary>
    public ReplayBuffer<TObs> Replay => _replay;
    public TwinQ Critic => _critic;
    public TwinQ Target => _target;
    public Temperature Temperature => _temperature;

    public IReadOnlyList<CheckpointPart> Saved
    {
        get
        {
            var parts = new List<CheckpointPart>
            {
                CheckpointPart.Module(SacSpec.Actor, _actor),
                CheckpointPart.Module("critic", _critic),
                CheckpointPart.Module("critic_target", _target),
                CheckpointPart.Module("temperature", _temperature),
                CheckpointPart.Optimizer("actor_optimizer", _actorOptimizer.State),
                CheckpointPart.Optimizer("critic_optimizer", _criticOptimizer.State),
            };
            if (_temperatureOptimizer is not null) parts.Add(CheckpointPart.Optimizer("temperature_optimizer", _temperatureOptimizer.State));
            parts.Add(new CheckpointPart("replay_buffer", _replay.Save, _replay.Load));
            parts.Add(new CheckpointPart("updates", w => w.Write(_updates), r => _updates = r.ReadInt64()));
            return parts;
        }
    }

    public IterationResult Iterate(double progress, long globalStep, EpisodeLog episodes, IterationMetrics metrics)
    {
        double lr = _c.LearningRate(progress);
        _actorOptimizer.State.SetLearningRate(lr);
        _criticOptimizer.State.SetLearningRate(lr);
        _temperatureOptimizer?.State.SetLearningRate(lr);

        int n = _envs.Count, o = _envs.ObservationSize, a = _envs.ActionSize;
        long step = globalStep;
        for (int t = 0; t < _c.TrainFreq; t++)
        {
            if (!Finite.All<TObs>(_envs.Observations)) return new IterationResult(step - globalStep, ObservationsFinite: false);
            _envs.Observations.CopyTo(_before, 0);
            long t0 = WallProfile.Start();
            ChooseActions(random: step < _c.LearningStarts);
            WallProfile.Stop(ProfileSection.Inference, t0);
            WallProfile.BeforeEnvStep();
            t0 = WallProfile.Start();
            _envs.Step(_envActions);
            WallProfile.Stop(ProfileSection.EnvStep, t0);
            step += n;
            for (int e = 0; e < n; e++)
            {
                bool done = _envs.Done(e);
                // After a time limit the next state is the final observation, and the target bootstraps from it.
                ReadOnlySpan<TObs> next = done ? _envs.FinalObservation(e) : _envs.Observation(e);
                _replay.Add(_before.AsSpan(e * o, o), next, _squashed.AsSpan(e * a, a), _envs.Rewards[e], _envs.Terminated[e]);
                if (done) episodes.Add(_envs.Episodes[e], step);
            }
        }
        if (step > _c.LearningStarts && _replay.Count > 0) Learn(lr, metrics);
        return new IterationResult(step - globalStep);
    }

    /// <summary>Fills the squashed actions (uniform in −1..1, or the actor's samples) and their env values.</summary>
    void ChooseActions(bool random)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor squashed;
        if (random)
        {
            using Scalar two = 2.0, one = 1.0; // held through the native calls (see SacLoss)
            squashed = rand([_envs.Count, _envs.ActionSize], generator: _generator, device: _device).mul(two).sub(one);
        }
        else
        {
            Tensor obs = TensorStaging.FromBuffer<TObs>(_envs.Observations, [_envs.Count, .. _observationShape], _device);
            squashed = Squashed(obs).SampleSquashed(_generator).Squashed;
        }
        squashed.cpu().contiguous().data<float>().CopyTo(_squashed, 0, 0);
        int a = _envs.ActionSize;
        for (int i = 0; i < _squashed.Length; i++) _envActions[i] = _bias[i % a] + _scale[i % a] * _squashed[i];
    }

    SquashedGaussian Squashed(Tensor observations) => (SquashedGaussian)_actor.Distribution(_actor.call(observations).ActorOut);

    /// <summary>gradient_steps updates on batches drawn uniformly from the buffer; records the means of what they measured.</summary>
    void Learn(double lr, IterationMetrics metrics)
    {
        double qLoss = 0, actorLoss = 0, alphaLoss = 0, alpha = 0, entropy = 0, q = 0;
        for (int g = 0; g < _c.GradientSteps; g++)
        {
            var m = Update();
            qLoss += m.QLoss;
            actorLoss += m.ActorLoss;
            alphaLoss += m.AlphaLoss;
            alpha += m.Alpha;
            entropy += m.Entropy;
            q += m.Q;
        }
        double k = _c.GradientSteps;
        metrics.Record("losses/q_loss", qLoss / k);
        metrics.Record("losses/actor_loss", actorLoss / k);
        metrics.Record("losses/alpha_loss", _temperatureOptimizer is null ? double.NaN : alphaLoss / k);
        metrics.Record("losses/entropy", entropy / k);
        metrics.Record("charts/alpha", alpha / k);
        metrics.Record("charts/q_values", q / k);
        metrics.Record("charts/buffer", _replay.Count);
        metrics.Record("charts/lr", lr);
        metrics.MustBeFinite("q loss", qLoss);
        metrics.MustBeFinite("actor loss", actorLoss);
        metrics.MustBeFinite("alpha", alpha);
    }

    (double QLoss, double ActorLoss, double AlphaLoss, double Alpha, double Entropy, double Q) Update()
    {
        using var scope = NewDisposeScope();
        int b = _c.BatchSize, o = _envs.ObservationSize, a = _envs.ActionSize;
        using (Tensor drawn = randint(_replay.Count, [b], generator: _generator, dtype: ScalarType.Int64))
            drawn.data<long>().CopyTo(_rows, 0, 0);
        _replay.Gather(_rows, _batchObs, _batchNext, _batchActions, _batchRewards, _batchTerminated);
        Tensor obs = TensorStaging.FromBuffer<TObs>(_batchObs, [b, .. _observationShape], _device);
        Tensor next = TensorStaging.FromBuffer<TObs>(_batchNext, [b, .. _observationShape], _device);
        Tensor actions = TensorStaging.FromBuffer<float>(_batchActions, [b, a], _device);
        Tensor rewards = TensorStaging.FromBuffer<float>(_batchRewards, [b], _device);
        Tensor terminated = TensorStaging.FromBuffer<float>(_batchTerminated, [b], _device);

        // The temperature first, with α of before its step in every loss (as SB3).
        var (piActions, piLogProb) = Squashed(obs).SampleSquashed(_generator);
        Tensor alpha = _temperature.Alpha();
        double alphaLoss = double.NaN;
        if (_temperatureOptimizer is not null)
        {
            Tensor loss = SacLoss.Temperature(_temperature.LogAlpha, piLogProb, _targetEntropy);
            _temperatureOptimizer.ZeroGrad();
            loss.backward();
            _temperatureOptimizer.Step();
            alphaLoss = loss.item<float>();
        }

        Tensor target;
        using (no_grad())
        {
            var (nextActions, nextLogProb) = Squashed(next).SampleSquashed(_generator);
            var (t1, t2) = _target.call(next, nextActions);
            target = SacLoss.Target(rewards, terminated, _c.Gamma, t1, t2, nextLogProb, alpha);
        }
        var (q1, q2) = _critic.call(obs, actions);
        Tensor criticLoss = SacLoss.Critic(q1, q2, target);
        _criticOptimizer.ZeroGrad();
        long t0 = WallProfile.Start();
        criticLoss.backward();
        WallProfile.Stop(ProfileSection.Backward, t0);
        _criticOptimizer.Step();

        var (p1, p2) = _critic.call(obs, piActions);
        Tensor actorLoss = SacLoss.Actor(alpha, piLogProb, p1, p2);
        _actorOptimizer.ZeroGrad();
        t0 = WallProfile.Start();
        actorLoss.backward();
        WallProfile.Stop(ProfileSection.Backward, t0);
        _actorOptimizer.Step();

        if (++_updates % _c.TargetUpdateInterval == 0) Polyak.Update(_critic, _target, _c.Tau);
        return (criticLoss.item<float>(), actorLoss.item<float>(), alphaLoss, alpha.item<float>(),
            -piLogProb.mean().item<float>(), q1.mean().item<float>());
    }

    public void Dispose()
    {
        _actorOptimizer.Dispose();
        _criticOptimizer.Dispose();
        _temperatureOptimizer?.Dispose();
        _critic.Dispose();
        _target.Dispose();
        _temperature.Dispose();
    }
}
