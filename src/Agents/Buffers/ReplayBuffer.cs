using System.Runtime.InteropServices;

namespace RlLab.Agents.Buffers;

/// <summary>
/// The transitions of an off-policy learner in contiguous arrays (one row per transition: observation,
/// next observation, action, reward, terminated), filled as a ring: once full, the oldest row is
/// overwritten. Truncation is not stored: a time limit is no terminal state, so its next observation
/// is the final one and the learner bootstraps from it (SB3's handle_timeout_termination).
/// <see cref="Save"/>/<see cref="Load"/> write the filled rows, so a checkpoint resumes it exactly.
/// </summary>
public sealed class ReplayBuffer<TObs> where TObs : unmanaged
{
    readonly TObs[] _observations, _nextObservations;
    readonly float[] _actions, _rewards, _terminated;

    public ReplayBuffer(int capacity, int observationSize, int actionSize)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
        Capacity = capacity;
        ObservationSize = observationSize;
        ActionSize = actionSize;
        _observations = new TObs[(long)capacity * observationSize];
        _nextObservations = new TObs[(long)capacity * observationSize];
        _actions = new float[(long)capacity * actionSize];
        _rewards = new float[capacity];
        _terminated = new float[capacity];
    }

    public int Capacity { get; }
    public int ObservationSize { get; }
    public int ActionSize { get; }
    /// <summary>The row the next transition goes to.</summary>
    public int Position { get; private set; }
    public bool Full { get; private set; }
    /// <summary>Transitions held.</summary>
    public int Count => Full ? Capacity : Position;

    /// <summary>The bytes the arrays take for <paramref name="capacity"/> rows (checked before allocating).</summary>
    public static long BytesFor(long capacity, int observationSize, int actionSize) =>
        capacity * (2L * observationSize * Marshal.SizeOf<TObs>() + 4L * (actionSize + 2));

    /// <param name="terminated">The episode ended in a terminal state (not by a time limit): no bootstrap from <paramref name="next"/>.</param>
    public void Add(ReadOnlySpan<TObs> observation, ReadOnlySpan<TObs> next, ReadOnlySpan<float> action, float reward, bool terminated)
    {
        observation.CopyTo(_observations.AsSpan(Position * ObservationSize, ObservationSize));
        next.CopyTo(_nextObservations.AsSpan(Position * ObservationSize, ObservationSize));
        action.CopyTo(_actions.AsSpan(Position * ActionSize, ActionSize));
        _rewards[Position] = reward;
        _terminated[Position] = terminated ? 1f : 0f;
        if (++Position == Capacity)
        {
            Position = 0;
            Full = true;
        }
    }

    /// <summary>Copies rows <paramref name="rows"/> (each below <see cref="Count"/>) into batch arrays, row i of the batch from rows[i].</summary>
    public void Gather(ReadOnlySpan<long> rows, Span<TObs> observations, Span<TObs> next, Span<float> actions, Span<float> rewards, Span<float> terminated)
    {
        int o = ObservationSize, a = ActionSize;
        for (int i = 0; i < rows.Length; i++)
        {
            int r = (int)rows[i];
            if ((uint)r >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(rows), $"row {r} of {Count}");
            _observations.AsSpan(r * o, o).CopyTo(observations.Slice(i * o, o));
            _nextObservations.AsSpan(r * o, o).CopyTo(next.Slice(i * o, o));
            _actions.AsSpan(r * a, a).CopyTo(actions.Slice(i * a, a));
            rewards[i] = _rewards[r];
            terminated[i] = _terminated[r];
        }
    }

    /// <summary>The sizes, the fill state and the filled rows of every array.</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(Capacity);
        w.Write(ObservationSize);
        w.Write(ActionSize);
        w.Write(Position);
        w.Write(Full);
        int n = Count;
        w.Write(MemoryMarshal.AsBytes(_observations.AsSpan(0, n * ObservationSize)));
        w.Write(MemoryMarshal.AsBytes(_nextObservations.AsSpan(0, n * ObservationSize)));
        w.Write(MemoryMarshal.AsBytes(_actions.AsSpan(0, n * ActionSize)));
        w.Write(MemoryMarshal.AsBytes(_rewards.AsSpan(0, n)));
        w.Write(MemoryMarshal.AsBytes(_terminated.AsSpan(0, n)));
    }

    /// <summary>Restores what <see cref="Save"/> wrote; a buffer of other sizes is an <see cref="InvalidDataException"/>.</summary>
    public void Load(BinaryReader r)
    {
        int capacity = r.ReadInt32(), observationSize = r.ReadInt32(), actionSize = r.ReadInt32();
        if (capacity != Capacity || observationSize != ObservationSize || actionSize != ActionSize)
            throw new InvalidDataException($"the saved replay buffer holds {capacity} rows of {observationSize} + {actionSize} values; this one {Capacity} of {ObservationSize} + {ActionSize}");
        int position = r.ReadInt32();
        bool full = r.ReadBoolean();
        if (position < 0 || position >= capacity) throw new InvalidDataException($"the saved replay buffer's position {position} is outside 0..{capacity - 1}");
        int n = full ? capacity : position;
        Read(r, MemoryMarshal.AsBytes(_observations.AsSpan(0, n * ObservationSize)));
        Read(r, MemoryMarshal.AsBytes(_nextObservations.AsSpan(0, n * ObservationSize)));
        Read(r, MemoryMarshal.AsBytes(_actions.AsSpan(0, n * ActionSize)));
        Read(r, MemoryMarshal.AsBytes(_rewards.AsSpan(0, n)));
        Read(r, MemoryMarshal.AsBytes(_terminated.AsSpan(0, n)));
        Position = position;
        Full = full;
    }

    static void Read(BinaryReader r, Span<byte> destination)
    {
        try { r.BaseStream.ReadExactly(destination); }
        catch (EndOfStreamException) { throw new InvalidDataException("the saved replay buffer is truncated"); }
    }
}
