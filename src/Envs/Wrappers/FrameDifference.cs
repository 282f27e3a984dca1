using RlLab.Envs.Spaces;

namespace RlLab.Envs.Wrappers;

/// <summary>
/// The difference of consecutive byte images, as the MIT Pong lab feeds its CNN: pixel =
/// (current − previous + 256) / 2, so 128 means no change, 255 a pixel that lit up (0 → 255)
/// and 0 one that went dark. At a reset the previous frame is the reset frame itself (all 128).
/// </summary>
public sealed class FrameDifference : Wrapper<byte>
{
    readonly byte[] _previous, _current;

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
        _current.CopyTo(_previous);
        StepResult r = Inner.Step(action, _current);
        Write(observation);
        return r;
    }

    void Write(Span<byte> observation)
    {
        for (int i = 0; i < _current.Length; i++) observation[i] = (byte)((_current[i] - _previous[i] + 256) >> 1);
    }
}
