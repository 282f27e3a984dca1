using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using RlLab.Envs.Spaces;

namespace RlLab.Envs.Wrappers;

/// <summary>
/// The difference of consecutive byte images, as the MIT Pong lab feeds its CNN: pixel =
/// (current − previous + 256) / 2, so 128 means no change, 255 a pixel that lit up (0 → 255)
/// and 0 one that went dark. At a reset the previous frame is the reset frame itself (all 128).
/// </summary>
public sealed class FrameDifference : Wrapper<byte>
{
    byte[] _previous, _current;   // swapped each step instead of copied

    public FrameDifference(IEnv<byte> inner) : base(inner)
    {
        if (inner.ObservationSpace is not Box { DType: DType.UInt8 } box)
            throw new ArgumentException($"frame_difference needs byte images, got {inner.ObservationSpace}");
        _previous = new byte[box.FlatSize];
        _current = new byte[box.FlatSize];
    }

    public override void Reset(Span<byte> observation, int? seed = null)
    {
        Inner.Reset(_current, seed);
        _current.CopyTo(_previous);
        Write(observation);
    }

    public override StepResult Step(ReadOnlySpan<float> action, Span<byte> observation)
    {
        (_previous, _current) = (_current, _previous);
        StepResult r = Inner.Step(action, _current);
        Write(observation);
        return r;
    }

    void Write(Span<byte> observation)
    {
        ReadOnlySpan<byte> cur = _current, prev = _previous;
        if (observation.Length != cur.Length) throw new ArgumentException($"expected an observation buffer of {cur.Length}, got {observation.Length}");
        int i = 0;
        if (Sse2.IsSupported)
        {
            // (c − p + 256) / 2 = (c + (255 − p) + 1) / 2: the rounding-up byte average of c and ~p.
            for (; i <= cur.Length - 16; i += 16)
            {
                Vector128<byte> c = Vector128.Create(cur.Slice(i, 16)), p = Vector128.Create(prev.Slice(i, 16));
                Sse2.Average(c, ~p).CopyTo(observation.Slice(i, 16));
            }
        }
        for (; i < cur.Length; i++) observation[i] = (byte)((cur[i] - prev[i] + 256) >> 1);
    }
}
