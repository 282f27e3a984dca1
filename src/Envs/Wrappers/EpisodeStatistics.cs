namespace RlLab.Envs.Wrappers;

/// <summary>
/// Tracks the return and length of the running episode. When an episode ends, <see cref="LastEpisode"/>
/// holds its statistics, including what the inner env reports (distance, laps, end reason).
/// </summary>
public sealed class EpisodeStatistics<TObs>(IEnv<TObs> inner) : Wrapper<TObs>(inner) where TObs : unmanaged
{
    double _return;
    int _length;

    /// <summary>The statistics of the most recent finished episode.</summary>
    public EpisodeInfo LastEpisode { get; private set; } = EpisodeInfo.Empty;

    /// <summary>How many episodes have finished.</summary>
    public int EpisodeCount { get; private set; }

    public override void Reset(Span<TObs> observation, int? seed = null)
    {
        _return = 0;
        _length = 0;
        Inner.Reset(observation, seed);
    }

    public override StepResult Step(ReadOnlySpan<float> action, Span<TObs> observation)
    {
        StepResult r = Inner.Step(action, observation);
        _return += r.Reward;
        _length++;
        if (r.Done)
        {
            EpisodeInfo info = EpisodeInfo.Empty;
            info.Return = _return;
            info.Length = _length;
            Inner.FillEpisodeInfo(ref info);
            LastEpisode = info;
            EpisodeCount++;
        }
        return r;
    }

    public override void FillEpisodeInfo(ref EpisodeInfo info) => info = LastEpisode;
}
