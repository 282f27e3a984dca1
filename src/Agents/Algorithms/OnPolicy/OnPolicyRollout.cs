using RlLab.Agents.Buffers;
using RlLab.Agents.Diagnostics;
using RlLab.Agents.Policies;
using RlLab.Agents.Training;
using RlLab.Envs.Vector;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Algorithms;

/// <summary>
/// Rollout collection for the on-policy actor-critics (PPO, A2C): num_steps of the current policy in
/// every env into a <see cref="RolloutBuffer{TObs}"/> (observations, raw actions, log-probabilities,
/// values, rewards, dones), truncated episodes bootstrapped with γ·V(final observation), then GAE.
/// </summary>
public sealed class OnPolicyRollout<TObs> : IDisposable where TObs : unmanaged
{
    readonly VectorEnv<TObs> _envs;
    readonly IRolloutPolicy<TObs> _runner;
    readonly RolloutBuffer<TObs> _buffer;
    readonly Generator _generator;
    readonly double _gamma;
    readonly float[] _lastValues, _finalValues;

    public OnPolicyRollout(VectorEnv<TObs> envs, ActorCritic policy, int numSteps, double gamma, Device device, Generator generator)
    {
        _envs = envs;
        _generator = generator;
        _gamma = gamma;
        // Small MLPs roll out in C# (no libtorch call per step); the learners always use torch.
        _runner = (FastMlpPolicy.Enabled ? FastMlpPolicy.TryCreate<TObs>(policy, envs.ObservationSize, envs.Count, numSteps) : null)
            ?? new PolicyRunner<TObs>(policy, envs.Count, envs.SingleObservationSpace.Shape, device);
        _buffer = new RolloutBuffer<TObs>(numSteps, envs.Count, envs.ObservationSize, envs.ActionSize);
        _lastValues = new float[envs.Count];
        _finalValues = new float[envs.Count];
        ObservationShape = [.. envs.SingleObservationSpace.Shape.Select(d => (long)d)];
    }

    /// <summary>The last rollout with its advantages and returns.</summary>
    public RolloutBuffer<TObs> Buffer => _buffer;

    /// <summary>One observation's shape, for the learner's batch tensors.</summary>
    public long[] ObservationShape { get; }

    /// <summary>Runs the current policy for num_steps in every env; on a non-finite observation or reward, stops and returns the result that says so.</summary>
    public IterationResult? Collect(long globalStep, EpisodeLog episodes)
    {
        _runner.Sync(); // the weights of the last update, or of a restored checkpoint
        for (int t = 0; t < _buffer.Steps; t++)
        {
            // Checked before the policy sees it: a NaN would otherwise end in a torch error deep in sampling.
            if (!Finite.All<TObs>(_envs.Observations)) return new IterationResult(t * _envs.Count, ObservationsFinite: false);
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
            // A NaN reward would surface only as a NaN loss, blamed on the learner.
            if (!Finite.All<float>(rewards)) return new IterationResult((t + 1) * _envs.Count, RewardsFinite: false);
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
                    if (_envs.Truncated[e] && !_envs.Terminated[e]) rewards[e] += (float)(_gamma * _finalValues[e]);
            }
        }
        return null;
    }

    /// <summary>
    /// Collects a rollout and computes its advantages: null when the batch is ready to learn from,
    /// or the result that stops the run (a non-finite observation, with the steps taken).
    /// </summary>
    public IterationResult? Run(long globalStep, EpisodeLog episodes, double gaeLambda)
    {
        if (Collect(globalStep, episodes) is { } stopped) return stopped;
        ComputeAdvantages(gaeLambda);
        return null;
    }

    /// <summary>GAE over the buffer, bootstrapped with the values of the envs' current observations.</summary>
    public void ComputeAdvantages(double gaeLambda)
    {
        long t0 = WallProfile.Start();
        _runner.Values(_envs.Observations, _lastValues);
        WallProfile.Stop(ProfileSection.Inference, t0);
        _buffer.ComputeAdvantages(_lastValues, _gamma, gaeLambda);
    }

    /// <summary>How much of the returns' variance the value estimates explain; NaN when the returns are constant.</summary>
    public static double ExplainedVariance(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual)
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

    public void Dispose() => _runner.Dispose();
}
