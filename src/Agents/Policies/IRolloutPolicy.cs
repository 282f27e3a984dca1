using static TorchSharp.torch;

namespace RlLab.Agents.Policies;

/// <summary>
/// What a rollout asks of a policy: actions (with log-probs and values) and values for a batch of
/// observations. <see cref="PolicyRunner{TObs}"/> runs the torch module; <see cref="FastMlpPolicy"/>
/// runs a copy of a small MLP's weights in C#.
/// </summary>
public interface IRolloutPolicy<TObs> : IDisposable where TObs : unmanaged
{
    void Act(ReadOnlySpan<TObs> observations, Span<float> actions, Span<float> logProbs, Span<float> values,
             bool deterministic, Generator? generator);

    void Values(ReadOnlySpan<TObs> observations, Span<float> values);

    /// <summary>Called after each update, before the next rollout: take the module's new weights.</summary>
    void Sync();
}
