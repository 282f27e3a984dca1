using RlLab.Envs.Spaces;

namespace RlLab.Envs.Wrappers;

/// <summary>
/// The Atari standard (Mnih et al. 2015; SB3's AtariWrapper): RGB to grayscale (ITU-R 601 luma,
/// 0.299 R + 0.587 G + 0.114 B), then an area-average resize to size × size (84). Stack 4 with
/// frame_stack. The weights of the resize are precomputed, so a step allocates nothing.
/// </summary>
public sealed class AtariPreprocess : Wrapper<byte>
{
    readonly byte[] _frame;
    readonly float[] _gray, _rows;         // the gray frame, then the rows already resized
    readonly (int Start, float[] Weights)[] _rowTaps, _colTaps;
    readonly int _h, _w, _size;

    public AtariPreprocess(IEnv<byte> inner, int size = 84) : base(inner)
    {
        if (inner.ObservationSpace is not Box { DType: DType.UInt8 } box || box.Shape.Count != 3 || box.Shape[2] != 3)
            throw new ArgumentException($"atari_preprocess needs RGB byte frames, got {inner.ObservationSpace}");
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _h = box.Shape[0];
        _w = box.Shape[1];
        _size = size;
        _frame = new byte[box.FlatSize];
        _gray = new float[_h * _w];
        _rows = new float[size * _w];
        _rowTaps = AreaTaps(_h, size);
        _colTaps = AreaTaps(_w, size);
        ObservationSpace = Box.Image(size, size, 1);
    }

    public override Space ObservationSpace { get; }

    public override void Reset(Span<byte> observation, int? seed = null)
    {
        Inner.Reset(_frame, seed);
        Convert(observation);
    }

    public override StepResult Step(ReadOnlySpan<float> action, Span<byte> observation)
    {
        StepResult r = Inner.Step(action, _frame);
        Convert(observation);
        return r;
    }

    /// <summary>The luma of one RGB pixel, as a float in [0, 255].</summary>
    public static float Luma(byte r, byte g, byte b) => 0.299f * r + 0.587f * g + 0.114f * b;

    /// <summary>
    /// For each output index, the first source index and the share of each source cell it covers:
    /// output cell k spans source [k·n/m, (k+1)·n/m).
    /// </summary>
    public static (int Start, float[] Weights)[] AreaTaps(int n, int m)
    {
        var taps = new (int, float[])[m];
        double scale = (double)n / m;
        for (int k = 0; k < m; k++)
        {
            double a = k * scale, b = (k + 1) * scale;
            int first = (int)Math.Floor(a), last = Math.Min(n - 1, (int)Math.Ceiling(b) - 1);
            var w = new float[last - first + 1];
            for (int s = first; s <= last; s++)
                w[s - first] = (float)((Math.Min(b, s + 1) - Math.Max(a, s)) / scale);
            taps[k] = (first, w);
        }
        return taps;
    }

    void Convert(Span<byte> observation)
    {
        Span<float> gray = _gray;
        ReadOnlySpan<byte> rgb = _frame;
        for (int i = 0; i < gray.Length; i++)
        {
            ReadOnlySpan<byte> px = rgb.Slice(3 * i, 3);
            gray[i] = Luma(px[0], px[1], px[2]);
        }
        for (int k = 0; k < _size; k++)
        {
            (int start, float[] w) = _rowTaps[k];
            Span<float> dst = _rows.AsSpan(k * _w, _w);
            dst.Clear();
            for (int t = 0; t < w.Length; t++)
            {
                ReadOnlySpan<float> src = gray.Slice((start + t) * _w, _w);
                float wt = w[t];
                for (int x = 0; x < _w; x++) dst[x] += wt * src[x];
            }
        }
        for (int k = 0; k < _size; k++)
        {
            ReadOnlySpan<float> row = _rows.AsSpan(k * _w, _w);
            for (int j = 0; j < _size; j++)
            {
                (int start, float[] w) = _colTaps[j];
                float sum = 0;
                for (int t = 0; t < w.Length; t++) sum += w[t] * row[start + t];
                observation[k * _size + j] = (byte)Math.Clamp((int)MathF.Round(sum), 0, 255);
            }
        }
    }
}
