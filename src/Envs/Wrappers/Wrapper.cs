using RlLab.Envs.Spaces;

namespace RlLab.Envs.Wrappers;

/// <summary>Forwards everything to the inner env; subclasses override what they change.</summary>
public abstract class Wrapper<TObs>(IEnv<TObs> inner) : IEnv<TObs>, IWrapper where TObs : unmanaged
{
    protected IEnv<TObs> Inner { get; } = inner;

    IEnv IWrapper.InnerEnv => Inner;

    public virtual Space ObservationSpace => Inner.ObservationSpace;
    public virtual Space ActionSpace => Inner.ActionSpace;

    public virtual void Reset(Span<TObs> observation, int? seed = null) => Inner.Reset(observation, seed);
    public virtual StepResult Step(ReadOnlySpan<float> action, Span<TObs> observation) => Inner.Step(action, observation);
    public virtual void FillEpisodeInfo(ref EpisodeInfo info) => Inner.FillEpisodeInfo(ref info);
    public virtual IReadOnlyList<MetricSummary> EvaluationSummaries => Inner.EvaluationSummaries;

    /// <summary>The innermost env, past every wrapper.</summary>
    public IEnv Unwrapped => Inner is Wrapper<TObs> w ? w.Unwrapped : Inner;

    public virtual void Dispose() => Inner.Dispose();
}
