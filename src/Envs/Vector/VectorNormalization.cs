using RlLab.Envs.Wrappers;

namespace RlLab.Envs.Vector;

/// <summary>
/// The statistics wrappers of a training vector env, shared across its envs as SB3's VecNormalize
/// and Gymnasium's vector wrappers do: one running mean/variance of the observations and one of
/// the discounted returns, updated after each vector step with every env's values in env order
/// (so the result does not depend on the thread count), then applied to the whole batch.
/// </summary>
public sealed class VectorNormalization
{
    readonly double[] _discounted;

    /// <param name="observation">Normalises float observations, or null.</param>
    /// <param name="reward">Scales rewards, or null.</param>
    public VectorNormalization(int count, ObservationNormalizer? observation, RewardScaler? reward)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Observation = observation;
        Reward = reward;
        _discounted = new double[count];
    }

    public ObservationNormalizer? Observation { get; }
    public RewardScaler? Reward { get; }

    /// <summary>When true (evaluation), statistics are applied but not updated.</summary>
    public bool Frozen { get; set; }

    /// <summary>Observations of a fresh reset or a step: update with each env's row, then normalise all rows.</summary>
    internal void Observations(ReadOnlySpan<float> raw, Span<float> normalized, int size)
    {
        if (Observation is not { } n) return;
        if (!Frozen)
            for (int i = 0; i < raw.Length; i += size) n.Statistics.Update(raw.Slice(i, size));
        raw.CopyTo(normalized);
        for (int i = 0; i < normalized.Length; i += size) n.Normalize(normalized.Slice(i, size));
    }

    /// <summary>Final observations of ended episodes: normalised as they are, without updating.</summary>
    internal void FinalObservation(Span<float> obs) => Observation?.Normalize(obs);

    /// <summary>One vector step's rewards, scaled in place; each env's discounted return goes on.</summary>
    internal void Rewards(Span<float> rewards, ReadOnlySpan<bool> terminated)
    {
        if (Reward is not { } s) return;
        for (int i = 0; i < rewards.Length; i++)
        {
            _discounted[i] = s.Discount(_discounted[i], rewards[i], terminated[i]);
            if (!Frozen) s.Statistics.Update(_discounted[i]);
        }
        for (int i = 0; i < rewards.Length; i++) rewards[i] = s.Scale(rewards[i]);
    }

    /// <summary>[count, means, variances] as floats, as checkpoints and bundles store them; null without observation statistics.</summary>
    public float[]? ObservationStatistics() => Observation?.Statistics.ToArray();

    /// <summary>[count, mean, variance] of the discounted return as floats; null without reward scaling.</summary>
    public float[]? RewardStatistics() => Reward?.Statistics.ToArray();

    /// <summary>Loads float statistics (an older checkpoint's); a null array leaves that part as it is.</summary>
    public void LoadStatistics(float[]? observation, float[]? reward)
    {
        if (observation is not null) Observation?.Statistics.Load(observation);
        if (reward is not null) Reward?.Statistics.Load(reward);
    }

    /// <summary>The exact state: both statistics in doubles and every env's discounted return.</summary>
    internal void Write(BinaryWriter w)
    {
        w.Write(Observation is not null);
        Observation?.Statistics.Write(w);
        w.Write(Reward is not null);
        Reward?.Statistics.Write(w);
        w.Write(_discounted.Length);
        foreach (double g in _discounted) w.Write(g);
    }

    internal void Read(BinaryReader r)
    {
        if (r.ReadBoolean() != (Observation is not null)) throw new InvalidDataException("observation statistics do not match the env's wrappers");
        Observation?.Statistics.Read(r);
        if (r.ReadBoolean() != (Reward is not null)) throw new InvalidDataException("reward statistics do not match the env's wrappers");
        Reward?.Statistics.Read(r);
        int n = r.ReadInt32();
        if (n != _discounted.Length) throw new InvalidDataException($"discounted returns of {n} envs, expected {_discounted.Length}");
        for (int i = 0; i < n; i++) _discounted[i] = r.ReadDouble();
    }
}
