using RlLab.Envs.Spaces;

namespace RlLab.Envs.Vector;

/// <summary>
/// N copies of an env stepped together, with one contiguous buffer per quantity.
///
/// Autoreset rule (same-step, as in Stable-Baselines3): when env i ends at a step, its last
/// observation is copied to <see cref="FinalObservations"/>, its episode statistics to
/// <see cref="Episodes"/>, and it is reset at once, so <see cref="Observations"/> already holds the
/// first observation of its next episode. <see cref="Terminated"/>/<see cref="Truncated"/> describe
/// the step that just ended; bootstrap a truncated episode from FinalObservations.
///
/// Seeding: Reset(seed) resets env i with seed + i; autoresets continue each env's own RNG stream.
/// Envs are split into contiguous chunks, one per worker thread; results do not depend on the
/// thread count. The calling thread works too and takes over chunks whose worker has not woken
/// yet, so threads never stall a step, but waking them costs microseconds: they pay off when each
/// chunk has tens of microseconds of work (about a thousand CartPoles, or a few rendering driving envs).
/// </summary>
public sealed class VectorEnv<TObs> : IVectorEnv where TObs : unmanaged
{
    readonly IEnv<TObs>[] _envs;
    readonly WorkerPool? _pool;
    readonly Action<int> _stepChunk;
    float[] _actions = [];

    public VectorEnv(IReadOnlyList<IEnv<TObs>> envs, int threads = 1)
    {
        if (envs.Count == 0) throw new ArgumentException("a vector env needs at least one env");
        _envs = [.. envs];
        SingleObservationSpace = _envs[0].ObservationSpace;
        SingleActionSpace = _envs[0].ActionSpace;
        ObservationSize = SingleObservationSpace.FlatSize;
        ActionSize = SingleActionSpace is Discrete ? 1 : SingleActionSpace.FlatSize;

        int n = _envs.Length;
        Observations = new TObs[n * ObservationSize];
        FinalObservations = new TObs[n * ObservationSize];
        Rewards = new float[n];
        Terminated = new bool[n];
        Truncated = new bool[n];
        Episodes = new EpisodeInfo[n];

        Threads = Math.Clamp(threads, 1, n);
        if (Threads > 1) _pool = new WorkerPool(Threads);
        _stepChunk = StepChunk;
    }

    public VectorEnv(Func<int, IEnv<TObs>> factory, int count, int threads = 1)
        : this(Enumerable.Range(0, count).Select(factory).ToArray(), threads) { }

    public int Count => _envs.Length;
    public int Threads { get; }
    public int ObservationSize { get; }
    /// <summary>Floats per env in the action buffer: 1 for Discrete.</summary>
    public int ActionSize { get; }
    public Space SingleObservationSpace { get; }
    public Space SingleActionSpace { get; }
    public DType ObservationType => typeof(TObs) == typeof(byte) ? DType.UInt8 : DType.Float32;

    public TObs[] Observations { get; }
    public TObs[] FinalObservations { get; }
    public float[] Rewards { get; }
    public bool[] Terminated { get; }
    public bool[] Truncated { get; }
    /// <summary>Statistics of the episode env i finished at the last step; valid where Terminated or Truncated.</summary>
    public EpisodeInfo[] Episodes { get; }

    public IEnv<TObs> this[int index] => _envs[index];

    public Span<TObs> Observation(int index) => Observations.AsSpan(index * ObservationSize, ObservationSize);
    public Span<TObs> FinalObservation(int index) => FinalObservations.AsSpan(index * ObservationSize, ObservationSize);
    public bool Done(int index) => Terminated[index] || Truncated[index];

    public void Reset(int? seed = null)
    {
        for (int i = 0; i < _envs.Length; i++)
        {
            _envs[i].Reset(Observation(i), seed + i);
            Terminated[i] = Truncated[i] = false;
        }
    }

    /// <summary>Steps every env with its slice of <paramref name="actions"/> (Count × ActionSize floats).</summary>
    public void Step(ReadOnlySpan<float> actions)
    {
        if (actions.Length != Count * ActionSize)
            throw new ArgumentException($"expected {Count * ActionSize} action values, got {actions.Length}");
        if (_actions.Length != actions.Length) _actions = new float[actions.Length];
        actions.CopyTo(_actions);
        if (_pool is null) StepRange(0, Count);
        else _pool.Run(_stepChunk);
    }

    void StepChunk(int chunk)
    {
        int per = (Count + Threads - 1) / Threads;
        int start = chunk * per;
        StepRange(start, Math.Min(Count, start + per));
    }

    void StepRange(int start, int end)
    {
        ReadOnlySpan<float> actions = _actions;
        for (int i = start; i < end; i++)
        {
            Span<TObs> obs = Observation(i);
            StepResult r = _envs[i].Step(actions.Slice(i * ActionSize, ActionSize), obs);
            Rewards[i] = r.Reward;
            Terminated[i] = r.Terminated;
            Truncated[i] = r.Truncated;
            if (r.Done)
            {
                obs.CopyTo(FinalObservation(i));
                EpisodeInfo info = EpisodeInfo.Empty;
                _envs[i].FillEpisodeInfo(ref info);
                Episodes[i] = info;
                _envs[i].Reset(obs);
            }
        }
    }

    public void Dispose()
    {
        _pool?.Dispose();
        foreach (IEnv<TObs> env in _envs) env.Dispose();
    }
}
