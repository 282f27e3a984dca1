namespace RlLab.Envs.Wrappers;

/// <summary>Truncates an episode after <paramref name="maxSteps"/> steps (Gymnasium's TimeLimit).</summary>
public sealed class TimeLimit<TObs>(IEnv<TObs> inner, int maxSteps) : Wrapper<TObs>(inner) where TObs : unmanaged
{
    int _steps;
    bool _hit;

    public int MaxSteps { get; } = maxSteps;

    public override void Reset(Span<TObs> observation, int? seed = null)
    {
        _steps = 0;
        _hit = false;
        Inner.Reset(observation, seed);
    }

    public override StepResult Step(ReadOnlySpan<float> action, Span<TObs> observation)
    {
        StepResult r = Inner.Step(action, observation);
        _hit = ++_steps >= MaxSteps && !r.Terminated;
        return _hit ? r with { Truncated = true } : r;
    }

    public override void FillEpisodeInfo(ref EpisodeInfo info)
    {
        Inner.FillEpisodeInfo(ref info);
        if (_hit) info.EndReason = "time_limit";
    }
}
