using RlLab.Envs;

namespace RlLab.Agents.Training;

/// <summary>One finished training episode and when it finished.</summary>
public readonly record struct EpisodeRecord(int Episode, long Step, EpisodeInfo Info);

/// <summary>Every finished episode of a run, with the moving mean the stop rule uses.</summary>
public sealed class EpisodeLog
{
    readonly List<EpisodeRecord> _episodes = [];

    public int Count => _episodes.Count;
    public IReadOnlyList<EpisodeRecord> Episodes => _episodes;
    /// <summary>Episodes added since the last call to <see cref="TakeNew"/>.</summary>
    int _unread;

    public void Add(in EpisodeInfo info, long step)
    {
        _episodes.Add(new EpisodeRecord(_episodes.Count + 1, step, info));
        _unread++;
    }

    /// <summary>The mean return of the last <paramref name="window"/> episodes (NaN before the first).</summary>
    public double MeanReturn(int window)
    {
        if (_episodes.Count == 0) return double.NaN;
        int n = Math.Min(window, _episodes.Count);
        double sum = 0;
        for (int i = _episodes.Count - n; i < _episodes.Count; i++) sum += _episodes[i].Info.Return;
        return sum / n;
    }

    public double LastReturn => _episodes.Count == 0 ? double.NaN : _episodes[^1].Info.Return;

    /// <summary>The episodes finished since the previous call, for writers that append.</summary>
    public ReadOnlySpan<EpisodeRecord> TakeNew()
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_episodes)[^_unread..];
        _unread = 0;
        return span;
    }
}
