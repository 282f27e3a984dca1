using System.Runtime.InteropServices;
using RlLab.Agents.Buffers;
using RlLab.Agents.Config;
using RlLab.Agents.Distributions;
using RlLab.Agents.Policies;
using RlLab.Agents.Training;
using RlLab.Envs.Spaces;
using RlLab.Envs.Vector;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Algorithms;

/// <summary>
/// REINFORCE (Williams 1992) as in the MIT 6.S191 lab: play one whole episode with the current
/// policy, compute discounted returns G_t = Σ γ^k r_{t+k}, normalise them, and take one Adam step on
/// loss = mean(−log π(a_t|s_t) · G_t), with the global gradient norm clipped (2 in the lab).
/// With <c>max_batch</c> the step uses a random subset of the episode (the lab's driving recipe: 300).
/// Discrete and continuous actions alike: a Gaussian's log-prob is of the unclipped sample.
/// </summary>
public sealed class Reinforce<TObs> : IAlgorithm where TObs : unmanaged
{
    readonly ReinforceConfig _c;
    readonly VectorEnv<TObs> _env;
    readonly ActorCritic _policy;
    readonly PolicyRunner<TObs> _runner;
    readonly Generator _generator;
    readonly Device _device;
    readonly long[] _observationShape;
    // Episode memory; grows to the longest episode once, then is reused.
    readonly List<TObs> _observations = [];
    readonly List<float> _actions = [], _rewards = [];
    readonly float[] _action;

    /// <summary>The most steps one forward and backward pass holds (the memory bound of a long episode).</summary>
    public int ChunkSteps { get; init; } = 2048;

    public Reinforce(ReinforceConfig config, VectorEnv<TObs> env, ActorCritic policy, Device device, Generator generator)
    {
        if (env.Count != 1) throw new ArgumentException("REINFORCE plays one env");
        _c = config;
        _env = env;
        _policy = policy;
        _device = device;
        _generator = generator;
        _runner = new PolicyRunner<TObs>(policy, 1, env.SingleObservationSpace.Shape, device);
        _observationShape = [.. env.SingleObservationSpace.Shape.Select(d => (long)d)];
        _action = new float[env.ActionSize];
        Optimizer = optim.Adam(policy.parameters(), config.Lr);
    }

    public TorchSharp.Modules.OptimizerHelper Optimizer { get; }

    public IReadOnlyList<Checkpoints.CheckpointPart> Saved => Checkpoints.CheckpointPart.PolicyWith(_policy, Optimizer);

    public IterationResult Iterate(double progress, long globalStep, EpisodeLog episodes, IterationMetrics metrics)
    {
        // 1. Play one episode with the current (stochastic) policy.
        _observations.Clear();
        _actions.Clear();
        _rewards.Clear();
        while (true)
        {
            if (!Finite.All<TObs>(_env.Observations))
                return new IterationResult(_rewards.Count, ObservationsFinite: false);
            _observations.AddRange(_env.Observations);
            _runner.Act(_env.Observations, _action, default, default, false, _generator);
            _actions.AddRange(_action);
            _env.Step(_action); // the env stack clips a Box action; the unclipped sample is learned from
            _rewards.Add(_env.Rewards[0]);
            if (!float.IsFinite(_env.Rewards[0])) return new IterationResult(_rewards.Count, RewardsFinite: false);
            if (_env.Done(0)) break;
        }
        int steps = _rewards.Count;
        episodes.Add(_env.Episodes[0], globalStep + steps);

        // 2. Discounted, normalised returns. A time limit is not a crash: with bootstrap_truncated the
        // episode is taken to go on at its last reward rate (no critic to ask), so the steps before
        // the cut are not blamed for it (Pardo et al. 2018, "Time limits in reinforcement learning").
        bool truncated = _env.Truncated[0] && !_env.Terminated[0];
        double tail = _c.BootstrapTruncated && truncated ? _rewards[^1] / (1 - _c.Gamma) : 0;
        float[] returns = DiscountedReturns(CollectionsMarshal.AsSpan(_rewards), _c.Gamma, _c.NormalizeReturns, tail, _c.ResetReturnOnReward);

        // 3. One gradient step on mean(−log π(a|s) · G).
        using var scope = NewDisposeScope();
        Tensor obs = TensorStaging.FromBuffer<TObs>(CollectionsMarshal.AsSpan(_observations), [steps, .. _observationShape], _device);
        Tensor actions = TensorStaging.FromBuffer<float>(CollectionsMarshal.AsSpan(_actions), [steps, _env.ActionSize], _device);
        Tensor g = TensorStaging.FromBuffer<float>(returns, [steps], _device);
        bool observationsFinite = typeof(TObs) != typeof(float) || obs.isfinite().all().item<bool>();
        if (_c.MaxBatch > 0 && steps > _c.MaxBatch)
        {
            // As in the MIT driving lab: learn from a random subset of the episode's steps (returns
            // were normalised over the whole episode), which bounds the memory of a pixel batch.
            Tensor subset = randperm(steps, generator: _generator, device: _device).narrow(0, 0, _c.MaxBatch);
            (obs, actions, g) = (obs.index_select(0, subset), actions.index_select(0, subset), g.index_select(0, subset));
        }

        // The gradient of the mean over the episode, accumulated over chunks of at most ChunkSteps:
        // a long Pong game (up to 21,600 steps) would otherwise hold every step's activations at once
        // (tens of GB for a CNN). One chunk is the plain mean; more give the same gradient up to rounding.
        int n = (int)obs.shape[0];
        Optimizer.zero_grad();
        double policyLoss = 0, meanEntropy = 0;
        for (int start = 0; start < n; start += ChunkSteps)
        {
            using var chunkScope = NewDisposeScope();
            int length = Math.Min(ChunkSteps, n - start);
            var (actorOut, _) = _policy.call(obs.narrow(0, start, length));
            IActionDistribution dist = _policy.Distribution(actorOut);
            Tensor terms = -dist.LogProb(actions.narrow(0, start, length)) * g.narrow(0, start, length);
            using Scalar count = n; // held through the native call (HeldScalars' doc)
            Tensor loss = length == n ? terms.mean() : terms.sum().div(count);
            loss.backward();
            policyLoss += loss.item<float>();
            meanEntropy += dist.Entropy().sum().item<float>() / n;
        }
        double gradNorm = nn.utils.clip_grad_norm_(_policy.parameters(), _c.MaxGradNorm);
        Optimizer.step();

        metrics.Record("losses/policy_loss", policyLoss);
        metrics.Record("losses/entropy", meanEntropy);
        metrics.Record("charts/policy_std", _policy.MeanStd());
        metrics.Record("charts/lr", _c.Lr);
        metrics.MustBeFinite("policy loss", policyLoss);
        metrics.MustBeFinite("entropy", meanEntropy);
        metrics.MustBeFinite("gradient norm", gradNorm);
        return new IterationResult(steps, observationsFinite);
    }

    /// <summary>
    /// G_t = r_t + γ G_{t+1} with G_T = <paramref name="tail"/> (0: the episode ended), then
    /// (G − mean) / std when normalising (as in the MIT lab). With <paramref name="resetOnReward"/> a
    /// nonzero reward starts the sum afresh (Pong: each point is its own game, as the MIT lab and
    /// Karpathy's pg-pong compute it): G_t = r_t when r_t ≠ 0.
    /// </summary>
    public static float[] DiscountedReturns(ReadOnlySpan<float> rewards, double gamma, bool normalize, double tail = 0, bool resetOnReward = false)
    {
        var returns = new float[rewards.Length];
        double running = tail;
        for (int t = rewards.Length - 1; t >= 0; t--)
        {
            if (resetOnReward && rewards[t] != 0) running = 0;
            running = rewards[t] + gamma * running;
            returns[t] = (float)running;
        }
        if (normalize && returns.Length > 0)
        {
            double mean = 0, sq = 0;
            foreach (float x in returns) mean += x;
            mean /= returns.Length;
            foreach (float x in returns) sq += (x - mean) * (x - mean);
            double std = Math.Sqrt(sq / returns.Length);
            for (int i = 0; i < returns.Length; i++) returns[i] = (float)((returns[i] - mean) / (std + 1e-8));
        }
        return returns;
    }

    public void Dispose()
    {
        _runner.Dispose();
        Optimizer.Dispose();
    }
}
