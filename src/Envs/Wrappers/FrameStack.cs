using RlLab.Envs.Spaces;

namespace RlLab.Envs.Wrappers;

/// <summary>How FrameStack fills the history at a reset.</summary>
public enum FramePadding
{
    /// <summary>Repeat the reset observation (Gymnasium's default).</summary>
    Reset,
    /// <summary>Zeros for the missing older frames.</summary>
    Zero,
}

/// <summary>
/// Stacks the last <see cref="K"/> observations along the LAST axis, oldest first. An H×W×C image
/// becomes H×W×(C·K): pixel (y, x) holds [frame t−K+1 channels…, …, frame t channels…], so once
/// the image is permuted to CHW for a CNN, channel j·C + c is channel c of the j-th oldest frame.
/// A float vector of n values becomes n·K values: [obs t−K+1 | … | obs t].
/// Works for byte images and float vectors; allocation-free per step.
/// </summary>
public sealed class FrameStack<TObs> : Wrapper<TObs> where TObs : unmanaged
{
    readonly TObs[] _frames;   // a ring of K frames, each FrameSize long
    readonly int _frameSize, _channels, _rows;
    int _oldest;

    public FrameStack(IEnv<TObs> inner, int k, FramePadding padding = FramePadding.Reset) : base(inner)
    {
        if (inner.ObservationSpace is not Box box || box.Shape.Count == 0)
            throw new ArgumentException($"FrameStack needs a Box observation space, got {inner.ObservationSpace}");
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        K = k;
        Padding = padding;
        _frameSize = box.FlatSize;
        _channels = box.Shape[^1];
        _rows = _frameSize / _channels;
        _frames = new TObs[k * _frameSize];

        int[] shape = [.. box.Shape];
        shape[^1] *= k;
        var low = new float[_frameSize * k];
        var high = new float[_frameSize * k];
        for (int j = 0; j < k; j++)
        {
            Interleave<float>(box.Low, low, j);
            Interleave<float>(box.High, high, j);
        }
        ObservationSpace = new Box(low, high, shape, box.DType);
    }

    public int K { get; }
    public FramePadding Padding { get; }
    public override Space ObservationSpace { get; }

    public override void Reset(Span<TObs> observation, int? seed = null)
    {
        Span<TObs> first = _frames.AsSpan(0, _frameSize);
        Inner.Reset(first, seed);
        for (int j = 1; j < K; j++)
        {
            Span<TObs> frame = _frames.AsSpan(j * _frameSize, _frameSize);
            if (Padding == FramePadding.Reset) first.CopyTo(frame);
            else frame.Clear();
        }
        // Slot 0 holds the newest frame, so the oldest is slot 1 (or 0 when K = 1).
        _oldest = 1 % K;
        Compose(observation);
    }

    public override StepResult Step(ReadOnlySpan<float> action, Span<TObs> observation)
    {
        // The new frame overwrites the oldest one, which then becomes the newest.
        StepResult r = Inner.Step(action, _frames.AsSpan(_oldest * _frameSize, _frameSize));
        _oldest = (_oldest + 1) % K;
        Compose(observation);
        return r;
    }

    void Compose(Span<TObs> observation)
    {
        if (observation.Length != _frameSize * K)
            throw new ArgumentException($"expected an observation buffer of {_frameSize * K}, got {observation.Length}");
        for (int j = 0; j < K; j++)
        {
            int slot = (_oldest + j) % K;
            Interleave<TObs>(_frames.AsSpan(slot * _frameSize, _frameSize), observation, j);
        }
    }

    /// <summary>Writes one frame into position <paramref name="j"/> of every row of the stacked buffer.</summary>
    void Interleave<T>(ReadOnlySpan<T> frame, Span<T> stacked, int j)
    {
        int c = _channels, stride = c * K;
        if (_rows == 1)
        {
            frame.CopyTo(stacked.Slice(j * c, c));
            return;
        }
        for (int row = 0, src = 0, dst = j * c; row < _rows; row++, src += c, dst += stride)
            for (int i = 0; i < c; i++)
                stacked[dst + i] = frame[src + i];
    }
}
