namespace RlLab.Envs.Wrappers;

/// <summary>
/// Per-element running mean and (population) variance, updated one sample at a time with
/// Welford's algorithm in double precision. It starts, like Gymnasium's RunningMeanStd, from a
/// prior of mean 0 and variance 1 weighted by a count of 1e-4, so the first samples do not
/// divide by zero.
/// </summary>
public sealed class RunningMeanStd
{
    public const double PriorCount = 1e-4;

    readonly double[] _mean, _m2;

    public RunningMeanStd(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        _mean = new double[size];
        _m2 = new double[size];
        Reset();
    }

    public int Size => _mean.Length;
    /// <summary>Samples seen, plus the prior's 1e-4.</summary>
    public double Count { get; private set; }
    public ReadOnlySpan<double> Mean => _mean;
    public double Variance(int i) => _m2[i] / Count;

    /// <summary>Back to the prior: mean 0, variance 1, count 1e-4.</summary>
    public void Reset()
    {
        Count = PriorCount;
        Array.Clear(_mean);
        Array.Fill(_m2, PriorCount);
    }

    public void Update(ReadOnlySpan<float> x)
    {
        if (x.Length != _mean.Length) throw new ArgumentException($"expected {_mean.Length} values, got {x.Length}");
        double count = Count + 1;
        double[] mean = _mean, m2 = _m2;
        for (int i = 0; i < mean.Length; i++)
        {
            double delta = x[i] - mean[i];
            mean[i] += delta / count;
            m2[i] += delta * (x[i] - mean[i]);
        }
        Count = count;
    }

    public void Update(double x)
    {
        double count = Count + 1;
        double delta = x - _mean[0];
        _mean[0] += delta / count;
        _m2[0] += delta * (x - _mean[0]);
        Count = count;
    }

    /// <summary>The number of floats <see cref="CopyTo"/> writes: count, then the means, then the variances.</summary>
    public int StateLength => 1 + 2 * Size;

    /// <summary>Writes [count, mean_0..mean_n-1, var_0..var_n-1] as floats, for checkpoints.</summary>
    public void CopyTo(Span<float> state)
    {
        if (state.Length != StateLength) throw new ArgumentException($"expected {StateLength} floats, got {state.Length}");
        state[0] = (float)Count;
        for (int i = 0; i < Size; i++)
        {
            state[1 + i] = (float)_mean[i];
            state[1 + Size + i] = (float)Variance(i);
        }
    }

    public float[] ToArray()
    {
        var state = new float[StateLength];
        CopyTo(state);
        return state;
    }

    /// <summary>The exact state (count, means, sums of squares as doubles), for bit-identical resumes.</summary>
    public void Write(BinaryWriter w)
    {
        w.Write(Size);
        w.Write(Count);
        foreach (double m in _mean) w.Write(m);
        foreach (double m in _m2) w.Write(m);
    }

    /// <summary>Restores what <see cref="Write"/> wrote.</summary>
    public void Read(BinaryReader r)
    {
        int size = r.ReadInt32();
        if (size != Size) throw new InvalidDataException($"statistics of {size} values, expected {Size}");
        double count = r.ReadDouble();
        if (!(count > 0)) throw new InvalidDataException($"the count must be positive, got {count}");
        Count = count;
        for (int i = 0; i < Size; i++) _mean[i] = r.ReadDouble();
        for (int i = 0; i < Size; i++) _m2[i] = r.ReadDouble();
    }

    /// <summary>Restores what <see cref="CopyTo"/> wrote.</summary>
    public void Load(ReadOnlySpan<float> state)
    {
        if (state.Length != StateLength) throw new ArgumentException($"expected {StateLength} floats (count, {Size} means, {Size} variances), got {state.Length}");
        if (!(state[0] > 0)) throw new ArgumentException($"the count must be positive, got {state[0]}");
        Count = state[0];
        for (int i = 0; i < Size; i++)
        {
            if (!(state[1 + Size + i] >= 0)) throw new ArgumentException($"variance {i} is negative or NaN");
            _mean[i] = state[1 + i];
            _m2[i] = state[1 + Size + i] * Count;
        }
    }
}
