using RlLab.Envs.Spaces;

namespace RlLab.Envs;

/// <summary>What every environment declares, whatever its observation element type.</summary>
public interface IEnv : IDisposable
{
    Space ObservationSpace { get; }
    Space ActionSpace { get; }

    /// <summary>Adds what this env knows about the episode that just ended: its own metrics by name (<see cref="EpisodeInfo.AddMetric"/>), the end reason, the track.</summary>
    void FillEpisodeInfo(ref EpisodeInfo info) { }

    /// <summary>How evaluations sum this env's episode metrics up (eval.json fields); none by default.</summary>
    IReadOnlyList<MetricSummary> EvaluationSummaries => [];

    void IDisposable.Dispose() { }
}

/// <summary>
/// Gymnasium's Env API over caller-owned buffers. Observations are float vectors or HWC byte images
/// (<typeparamref name="TObs"/>). An action is a span of floats: a Box action is its values, a
/// Discrete action is one float holding the index. Neither call allocates.
/// </summary>
public interface IEnv<TObs> : IEnv where TObs : unmanaged
{
    /// <summary>Starts an episode. A seed re-seeds the env's RNG; null continues its stream.</summary>
    void Reset(Span<TObs> observation, int? seed = null);

    /// <summary>Advances one step and writes the next observation.</summary>
    StepResult Step(ReadOnlySpan<float> action, Span<TObs> observation);
}
