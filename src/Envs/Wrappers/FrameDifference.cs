using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using RlLab.Envs.Spaces;

namespace RlLab.Envs.Wrappers;

/// <summary>How <see cref="FrameDifference"/> writes a signed change into bytes.</summary>
public enum DifferenceEncoding
{
    /// <summary>One channel, (current − previous + 256) / 2: 128 means no change, so an unchanged image reads 0.5 everywhere after /255.</summary>
    Offset,
    /// <summary>
    /// Two channels per input channel, max(current − previous, 0) then max(previous − current, 0):
    /// no change is 0, as in the MIT lab's signed float difference, and a first layer holds the lab's
    /// filters exactly (weight w on the first channel, −w on the second).
    /// </summary>
    Split,
}

/// <summary>
/// The difference of consecutive byte images, as the MIT Pong lab feeds its CNN (its float
/// current − previous, in −1…1), written as bytes by <see cref="DifferenceEncoding"/>. At a reset the
/// previous frame is the reset frame itself (no change).
/// </summary>
public sealed class FrameDifference : Wrapper<byte>
{
    byte[] _previous, _current;   // swapped each step instead of copied
    readonly DifferenceEncoding _encoding;
    readonly int _channels;   // of the input image

    public FrameDifference(IEnv<byte> inner, DifferenceEncoding encoding = DifferenceEncoding.Offset) : base(inner)
    {
        if (inner.ObservationSpace is not Box { DType: DType.UInt8 } box)
            throw new ArgumentException($"frame_difference needs byte images, got {inner.ObservationSpace}");
        _encoding = encoding;
        _channels = box.Shape[^1];
        _previous = new byte[box.FlatSize];
        _current = new byte[box.FlatSize];
        ObservationSpace = encoding == DifferenceEncoding.Split
            ? Box.Uniform(0, 255, [.. box.Shape.Take(box.Shape.Count - 1), 2 * box.Shape[^1]], DType.UInt8)
            : box;
    }

    public override Space ObservationSpace { get; }

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
        if (_encoding == DifferenceEncoding.Split) WriteSplit(observation);
        else WriteOffset(observation);
    }

    void WriteSplit(Span<byte> observation)
    {
        ReadOnlySpan<byte> cur = _current, prev = _previous;
        if (observation.Length != 2 * cur.Length) throw new ArgumentException($"expected an observation buffer of {2 * cur.Length}, got {observation.Length}");
        int channels = _channels;
        for (int i = 0, pixel = 0; i < cur.Length; i += channels, pixel += 2 * channels)
            for (int c = 0; c < channels; c++)
            {
                int d = cur[i + c] - prev[i + c];
                observation[pixel + c] = (byte)Math.Max(d, 0);
                observation[pixel + channels + c] = (byte)Math.Max(-d, 0);
            }
    }

    void WriteOffset(Span<byte> observation)
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
