using System.Runtime.InteropServices;
using System.Security.Cryptography;
using RlLab.Envs.Spaces;
using RlLab.Envs.Wrappers;

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
/// Seeding: Reset(seed) resets env i with seed + i; autoresets continue each env's own RNG stream,
/// unless <see cref="RecordActions"/> is on: then the k-th autoreset of env i uses
/// <see cref="EpisodeSeed"/>(seed, i, k), so that every episode can be replayed on its own.
///
/// Exact resume: with <see cref="RecordActions"/> on, <see cref="SaveState"/> stores each env's
/// episode number and the actions of its unfinished episode, a hash of the observations and the
/// shared statistics; <see cref="TryRestoreState"/> replays those actions on fresh envs and checks
/// the hash, so a restored vector env continues exactly where the saved one stood.
///
/// Shared statistics: with a <see cref="VectorNormalization"/>, observations and rewards are
/// normalised across all envs after each step (SB3's VecNormalize); the envs themselves see raw values.
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
    // What the envs write: Observations itself, or the raw values before shared normalisation.
    readonly TObs[] _envObservations;
    readonly long[] _episode;
    readonly List<float>[] _actionLog;
    int? _baseSeed;
    float[] _actions = [];

    public VectorEnv(IReadOnlyList<IEnv<TObs>> envs, int threads = 1, VectorNormalization? normalization = null)
    {
        if (envs.Count == 0) throw new ArgumentException("a vector env needs at least one env");
        _envs = [.. envs];
        Space single = _envs[0].ObservationSpace;
        if (normalization?.Observation is not null && single is not Box { DType: DType.Float32 })
            throw new ArgumentException($"shared observation normalisation needs float observations, got {single}");
        Normalization = normalization;
        SingleObservationSpace = normalization?.Observation is { } o ? NormalizeObservation.NormalizedSpace((Box)single, o.Clip) : single;
        SingleActionSpace = _envs[0].ActionSpace;
        ObservationSize = SingleObservationSpace.FlatSize;
        ActionSize = SingleActionSpace is Discrete ? 1 : SingleActionSpace.FlatSize;

        int n = _envs.Length;
        Observations = new TObs[n * ObservationSize];
        _envObservations = normalization?.Observation is null ? Observations : new TObs[n * ObservationSize];
        _episode = new long[n];
        _actionLog = [.. Enumerable.Range(0, n).Select(_ => new List<float>())];
        FinalObservations = new TObs[n * ObservationSize];
        Rewards = new float[n];
        Terminated = new bool[n];
        Truncated = new bool[n];
        Episodes = new EpisodeInfo[n];

        Threads = Math.Clamp(threads, 1, n);
        if (Threads > 1) _pool = new WorkerPool(Threads);
        _stepChunk = StepChunk;
    }

    public VectorEnv(Func<int, IEnv<TObs>> factory, int count, int threads = 1, VectorNormalization? normalization = null)
        : this(Enumerable.Range(0, count).Select(factory).ToArray(), threads, normalization) { }

    /// <summary>The statistics shared across the envs, or null.</summary>
    public VectorNormalization? Normalization { get; }

    /// <summary>Seed each autoreset and keep each env's actions since its last reset, so that <see cref="SaveState"/> can be replayed.</summary>
    public bool RecordActions { get; set; }

    /// <summary>The seed of episode <paramref name="episode"/> of env <paramref name="env"/> after Reset(<paramref name="seed"/>).</summary>
    public static int EpisodeSeed(int seed, int env, long episode)
    {
        if (episode == 0) return unchecked(seed + env);
        // SplitMix64 of the three numbers: neighbouring seeds, envs and episodes get unrelated streams.
        ulong z = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)env << 32 ^ (ulong)episode * 0xD1B54A32D192ED03UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }

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
    Span<TObs> EnvObservation(int index) => _envObservations.AsSpan(index * ObservationSize, ObservationSize);
    public Span<TObs> FinalObservation(int index) => FinalObservations.AsSpan(index * ObservationSize, ObservationSize);
    public bool Done(int index) => Terminated[index] || Truncated[index];

    public void Reset(int? seed = null)
    {
        _baseSeed = seed;
        for (int i = 0; i < _envs.Length; i++)
        {
            _episode[i] = 0;
            _actionLog[i].Clear();
            _envs[i].Reset(EnvObservation(i), seed is int s ? EpisodeSeed(s, i, 0) : null);
            Terminated[i] = Truncated[i] = false;
        }
        NormalizeObservations();
    }

    void NormalizeObservations()
    {
        if (Normalization?.Observation is null) return;
        Normalization.Observations(MemoryMarshal.Cast<TObs, float>((ReadOnlySpan<TObs>)_envObservations), MemoryMarshal.Cast<TObs, float>(Observations.AsSpan()), ObservationSize);
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
        if (Normalization is null) return;
        Normalization.Rewards(Rewards, Terminated);
        NormalizeObservations();
        if (Normalization.Observation is null) return;
        for (int i = 0; i < Count; i++)
            if (Done(i)) Normalization.FinalObservation(MemoryMarshal.Cast<TObs, float>(FinalObservation(i)));
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
            Span<TObs> obs = EnvObservation(i);
            ReadOnlySpan<float> action = actions.Slice(i * ActionSize, ActionSize);
            StepResult r = _envs[i].Step(action, obs);
            if (RecordActions) _actionLog[i].AddRange(action);
            Rewards[i] = r.Reward;
            Terminated[i] = r.Terminated;
            Truncated[i] = r.Truncated;
            if (r.Done)
            {
                obs.CopyTo(FinalObservation(i));
                EpisodeInfo info = EpisodeInfo.Empty;
                _envs[i].FillEpisodeInfo(ref info);
                Episodes[i] = info;
                _episode[i]++;
                _actionLog[i].Clear();
                _envs[i].Reset(obs, RecordActions && _baseSeed is int s ? EpisodeSeed(s, i, _episode[i]) : null);
            }
        }
    }

    const int StateVersion = 1;

    /// <summary>
    /// What <see cref="TryRestoreState"/> needs to continue exactly from here; null when it cannot be
    /// saved (no seeded reset, or actions not recorded), and why in <paramref name="why"/>.
    /// </summary>
    public byte[]? SaveState(out string? why)
    {
        why = _baseSeed is null ? "the envs were reset without a seed"
            : !RecordActions ? "actions were not recorded"
            // Their statistics span past episodes, which a replay of the current one cannot rebuild.
            : _envs[0].Find<IStatisticsWrapper>() is not null ? "a statistics wrapper is applied per env (put normalize_observation and scale_reward last to share and save them)"
            : null;
        if (why is not null) return null;
        using var body = new MemoryStream();
        using (var w = new BinaryWriter(body))
        {
            w.Write(StateVersion);
            w.Write(Count);
            w.Write(ObservationSize);
            w.Write(ActionSize);
            w.Write(_baseSeed!.Value);
            for (int i = 0; i < Count; i++)
            {
                w.Write(_episode[i]);
                w.Write(_actionLog[i].Count);
                foreach (float a in _actionLog[i]) w.Write(a);
            }
            w.Write(ObservationHash());
            w.Write(Normalization is not null);
            Normalization?.Write(w);
        }
        return body.ToArray();
    }

    /// <summary>
    /// Replays a <see cref="SaveState"/> on these envs: each is reset with the seed of its saved
    /// episode and given the saved actions, and the observations must hash to the saved ones.
    /// False, with the reason, when it cannot (another env stack, an env that does not replay from
    /// its seed); the envs must then be reset.
    /// </summary>
    public bool TryRestoreState(byte[] state, out string? problem)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(state, writable: false));
            if (r.ReadInt32() != StateVersion) { problem = "the env state is of another version"; return false; }
            int count = r.ReadInt32(), obsSize = r.ReadInt32(), actionSize = r.ReadInt32();
            if (count != Count || obsSize != ObservationSize || actionSize != ActionSize)
            {
                problem = $"the env state is of {count} envs observing {obsSize} values, these are {Count} observing {ObservationSize}";
                return false;
            }
            int seed = r.ReadInt32();
            _baseSeed = seed;
            var action = new float[ActionSize];
            for (int i = 0; i < Count; i++)
            {
                _episode[i] = r.ReadInt64();
                int n = r.ReadInt32();
                if (n < 0 || n % ActionSize != 0) { problem = $"env {i}: a damaged action log"; return false; }
                _actionLog[i].Clear();
                Span<TObs> obs = EnvObservation(i);
                _envs[i].Reset(obs, EpisodeSeed(seed, i, _episode[i]));
                for (int k = 0; k < n / ActionSize; k++)
                {
                    for (int j = 0; j < ActionSize; j++) action[j] = r.ReadSingle();
                    if (_envs[i].Step(action, obs).Done) { problem = $"env {i} ended its episode while replaying it: it does not replay from its seed"; return false; }
                    if (RecordActions) _actionLog[i].AddRange(action);
                }
                Terminated[i] = Truncated[i] = false;
            }
            byte[] hash = r.ReadBytes(32);
            if (!hash.AsSpan().SequenceEqual(ObservationHash()))
            {
                problem = "the replayed observations differ from the saved ones: the env does not replay from its seed";
                return false;
            }
            if (r.ReadBoolean() != (Normalization is not null)) { problem = "the saved statistics do not match the env's wrappers"; return false; }
            if (Normalization is not null)
            {
                Normalization.Read(r);
                // The statistics saved are those the current observations were normalised with.
                bool frozen = Normalization.Frozen;
                Normalization.Frozen = true;
                NormalizeObservations();
                Normalization.Frozen = frozen;
            }
            problem = null;
            return true;
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException)
        {
            problem = $"the env state is damaged ({e.Message})";
            return false;
        }
    }

    byte[] ObservationHash() => SHA256.HashData(MemoryMarshal.AsBytes(_envObservations.AsSpan()));

    public void Dispose()
    {
        _pool?.Dispose();
        foreach (IEnv<TObs> env in _envs) env.Dispose();
    }
}
