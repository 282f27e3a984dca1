namespace RlLab.Agents.Training;

/// <summary>
/// What an algorithm measured in one iteration, by name (<c>group/name</c>, as <see cref="MetricsLogger"/>
/// keys; the loop writes them, in the order recorded, into the progress row), and the quantities that
/// must be finite for the run to go on (the non-finite guard checks them, most causal first).
/// </summary>
public sealed class IterationMetrics
{
    readonly List<(string Key, double Value)> _values = [];
    readonly List<(string Quantity, double Value)> _guarded = [];

    public IReadOnlyList<(string Key, double Value)> Values => _values;
    public IReadOnlyList<(string Quantity, double Value)> Guarded => _guarded;

    public void Record(string key, double value) => _values.Add((key, value));

    /// <summary>A quantity the guard checks, named as its message says it (e.g. "policy loss").</summary>
    public void MustBeFinite(string quantity, double value) => _guarded.Add((quantity, value));

    /// <summary>The last value recorded under <paramref name="key"/>, or NaN.</summary>
    public double Get(string key)
    {
        for (int i = _values.Count - 1; i >= 0; i--)
            if (_values[i].Key == key) return _values[i].Value;
        return double.NaN;
    }

    public void Clear()
    {
        _values.Clear();
        _guarded.Clear();
    }
}
