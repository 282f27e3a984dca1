using RlLab.Agents.Checkpoints;
using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Envs.Spaces;
using TorchSharp;

namespace RlLab.Agents.SelfPlay;

/// <summary>
/// The opponents of self-play: frozen CPU copies of the learner, taken every
/// <see cref="SelfPlayConfig.SnapshotEvery"/> env steps, the newest <see cref="SelfPlayConfig.PoolSize"/> kept.
/// Each game's opponent is a function of the game's seed and the pool at its start, so a run is
/// reproducible; the pool and each env's current opponent are a checkpoint part, so a resume is exact.
/// </summary>
public sealed class OpponentPool : IDisposable
{
    /// <summary>The checkpoint part's name.</summary>
    public const string PartName = "self_play";

    /// <summary>A frozen learner: its weights (CPU) and the observation statistics it was trained with.</summary>
    public sealed class Snapshot(long step, ActorCritic network, byte[] weights, float[]? observationStatistics)
    {
        public long Step { get; } = step;
        public ActorCritic Network { get; } = network;
        /// <summary>The serialised weights, as the checkpoint stores them.</summary>
        public byte[] Weights { get; } = weights;
        public float[]? ObservationStatistics { get; } = observationStatistics;
    }

    readonly SelfPlayConfig _config;
    readonly Func<ActorCritic> _build;
    readonly List<Snapshot> _pool = [];
    // Snapshots that left the pool while a game still used them: kept until that game ends.
    readonly List<Snapshot> _retired = [];
    readonly List<ISelfPlayOpponent> _opponents = [];

    /// <param name="build">A fresh network of the learner's architecture (on the CPU) that a snapshot's weights load into.</param>
    public OpponentPool(SelfPlayConfig config, Func<ActorCritic> build)
    {
        _config = config;
        _build = build;
    }

    public OpponentPool(ExperimentConfig config, Space observation, Space action)
        : this(config.SelfPlay ?? throw new ArgumentException("the experiment has no self_play section"),
               () => new ActorCritic(config.Policy, observation, action, config.Algo.Algorithm.HasCritic, seed: 0))
    {
    }

    public SelfPlayConfig Config => _config;
    public IReadOnlyList<Snapshot> Snapshots => _pool;

    /// <summary>An env's opponent registers here: its current snapshot stays loaded and is checkpointed.</summary>
    internal void Register(ISelfPlayOpponent opponent) => _opponents.Add(opponent);

    /// <summary>Adds a frozen copy of <paramref name="learner"/> at <paramref name="step"/>; past the pool size the oldest leaves.</summary>
    public Snapshot Add(long step, torch.nn.Module learner, float[]? observationStatistics)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) learner.save(w);
        Snapshot s = Restore(step, buffer.ToArray(), observationStatistics is null ? null : [.. observationStatistics]);
        _pool.Add(s);
        while (_pool.Count > _config.PoolSize)
        {
            _retired.Add(_pool[0]);
            _pool.RemoveAt(0);
        }
        ReleaseRetired();
        return s;
    }

    Snapshot Restore(long step, byte[] weights, float[]? statistics)
    {
        ActorCritic network = _build();
        try
        {
            using var r = new BinaryReader(new MemoryStream(weights, writable: false));
            network.load(r);
            network.eval();
            return new Snapshot(step, network, weights, statistics);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The opponent of a game on <paramref name="seed"/>: null for the built-in one (with probability
    /// builtin_share, and always while the pool is empty), else a snapshot drawn uniformly.
    /// </summary>
    public Snapshot? Choose(int seed)
    {
        if (_pool.Count == 0) return null;
        ulong h = Mix((ulong)(uint)seed ^ 0x5E1F_9A7Dul);
        double u = (h >> 11) * (1.0 / (1ul << 53));
        if (u < _config.BuiltinShare) return null;
        return _pool[(int)(Mix(h) % (ulong)_pool.Count)];
    }

    /// <summary>SplitMix64's finaliser: a well-mixed hash of the seed.</summary>
    static ulong Mix(ulong z)
    {
        z += 0x9E37_79B9_7F4A_7C15ul;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9ul;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBul;
        return z ^ (z >> 31);
    }

    void ReleaseRetired()
    {
        for (int i = _retired.Count - 1; i >= 0; i--)
        {
            Snapshot s = _retired[i];
            if (_opponents.Any(o => o.Current == s)) continue;
            foreach (ISelfPlayOpponent o in _opponents) o.Forget(s);
            s.Network.Dispose();
            _retired.RemoveAt(i);
        }
    }

    /// <summary>Called by an opponent when its game ends: a retired snapshot may now go.</summary>
    internal void GameEnded() { if (_retired.Count > 0) ReleaseRetired(); }

    /// <summary>
    /// The pool (and the retired snapshots still in play) with each env's current opponent. Optional: a
    /// checkpoint of a run without self-play resumes into an empty pool.
    /// </summary>
    public CheckpointPart Part => new(PartName, Save, Load, Optional: true);

    void Save(BinaryWriter w)
    {
        List<Snapshot> all = [.. _retired.Where(s => _opponents.Any(o => o.Current == s)), .. _pool];
        w.Write(all.Count);
        foreach (Snapshot s in all)
        {
            w.Write(s.Step);
            w.Write(_pool.Contains(s));
            w.Write(s.ObservationStatistics?.Length ?? -1);
            foreach (float f in s.ObservationStatistics ?? []) w.Write(f);
            w.Write(s.Weights.Length);
            w.Write(s.Weights);
        }
        w.Write(_opponents.Count);
        foreach (ISelfPlayOpponent o in _opponents) w.Write(o.Current is Snapshot c ? all.IndexOf(c) : -1);
    }

    void Load(BinaryReader r)
    {
        Clear();
        int count = r.ReadInt32();
        if (count < 0 || count > 100_000) throw new InvalidDataException($"the self-play pool holds {count} snapshots");
        var all = new List<Snapshot>(count);
        for (int i = 0; i < count; i++)
        {
            long step = r.ReadInt64();
            bool inPool = r.ReadBoolean();
            int statistics = r.ReadInt32();
            float[]? stats = statistics < 0 ? null : new float[statistics];
            for (int k = 0; k < statistics; k++) stats![k] = r.ReadSingle();
            byte[] weights = r.ReadBytes(r.ReadInt32());
            Snapshot s = Restore(step, weights, stats);
            all.Add(s);
            (inPool ? _pool : _retired).Add(s);
        }
        int envs = r.ReadInt32();
        if (envs != _opponents.Count)
            throw new InvalidDataException($"the self-play pool was saved with {envs} envs, this run has {_opponents.Count}");
        for (int e = 0; e < envs; e++)
        {
            int index = r.ReadInt32();
            _opponents[e].ResumeWith(index < 0 ? null : all[index]);
        }
    }

    void Clear()
    {
        foreach (Snapshot s in _pool.Concat(_retired))
        {
            foreach (ISelfPlayOpponent o in _opponents) o.Forget(s);
            s.Network.Dispose();
        }
        _pool.Clear();
        _retired.Clear();
    }

    public void Dispose() => Clear();
}

/// <summary>What the pool asks of an env's self-play opponent.</summary>
interface ISelfPlayOpponent
{
    /// <summary>The snapshot playing the current game, or null (the built-in opponent, or no game yet).</summary>
    OpponentPool.Snapshot? Current { get; }

    /// <summary>The next game (the replay of the checkpoint's current one) is against <paramref name="snapshot"/> (null: built-in), whatever its seed draws.</summary>
    void ResumeWith(OpponentPool.Snapshot? snapshot);

    /// <summary>The snapshot is gone: drop anything built for it.</summary>
    void Forget(OpponentPool.Snapshot snapshot);
}
