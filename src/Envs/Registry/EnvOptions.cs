using System.Globalization;

namespace RlLab.Envs.Registry;

/// <summary>A bad environment option; the config layer maps <see cref="Key"/> to a file position.</summary>
public sealed class EnvOptionException(string key, string message) : Exception(message)
{
    public string Key { get; } = key;
}

/// <summary>
/// The <c>env.options</c> mapping of an experiment, read with typed getters. Every key an env
/// reads is remembered, so that <see cref="UnusedKeys"/> can report the unknown ones as errors.
/// Values arrive as strings (from YAML scalars), lists or nested option maps.
/// </summary>
public sealed class EnvOptions
{
    readonly Dictionary<string, object?> _values;
    readonly HashSet<string> _read = [];
    readonly HashSet<string> _asked = [];

    public EnvOptions(IReadOnlyDictionary<string, object?>? values = null) =>
        _values = values is null ? [] : new Dictionary<string, object?>(values);

    public static EnvOptions Empty => new();

    public IEnumerable<string> Keys => _values.Keys;
    public IEnumerable<string> UnusedKeys => _values.Keys.Where(k => !_read.Contains(k));
    /// <summary>Every key an env asked for (read or tested with Has), given or not: what the docs test compares with the declared options.</summary>
    public IEnumerable<string> ReadKeys => _asked;

    public bool Has(string key)
    {
        _asked.Add(key);
        return _values.ContainsKey(key);
    }

    public EnvOptions With(string key, object? value)
    {
        var copy = new EnvOptions(_values);
        copy._values[key] = value;
        return copy;
    }

    public string GetString(string key, string fallback) => TryRaw(key, out object? v) ? Convert.ToString(v, CultureInfo.InvariantCulture) ?? fallback : fallback;

    /// <summary>A string that must be one of <paramref name="allowed"/>.</summary>
    public string GetChoice(string key, string fallback, params string[] allowed)
    {
        string s = GetString(key, fallback);
        if (!allowed.Contains(s, StringComparer.Ordinal))
            throw new EnvOptionException(key, $"'{s}' is not one of: {string.Join(", ", allowed)}");
        return s;
    }

    public double GetDouble(string key, double fallback, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        if (!TryRaw(key, out object? v)) return fallback;
        double d = v switch
        {
            double x => x,
            float x => x,
            int x => x,
            long x => x,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) => x,
            _ => throw new EnvOptionException(key, $"expected a number, got '{v}'"),
        };
        if (d < min || d > max) throw new EnvOptionException(key, $"{d.ToString(CultureInfo.InvariantCulture)} is outside [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");
        return d;
    }

    public int GetInt(string key, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!TryRaw(key, out object? v)) return fallback;
        int i = v switch
        {
            int x => x,
            long x when x is >= int.MinValue and <= int.MaxValue => (int)x,
            string s when int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int x) => x,
            _ => throw new EnvOptionException(key, $"expected an integer, got '{v}'"),
        };
        if (i < min || i > max) throw new EnvOptionException(key, $"{i} is outside [{min}, {max}]");
        return i;
    }

    public bool GetBool(string key, bool fallback)
    {
        if (!TryRaw(key, out object? v)) return fallback;
        return v switch
        {
            bool b => b,
            string s when bool.TryParse(s, out bool b) => b,
            _ => throw new EnvOptionException(key, $"expected true or false, got '{v}'"),
        };
    }

    /// <summary>A nested mapping, e.g. <c>randomize: {colors: true}</c>. Its keys are checked by the caller.</summary>
    public EnvOptions GetSection(string key)
    {
        if (!TryRaw(key, out object? v) || v is null) return Empty;
        if (v is IReadOnlyDictionary<string, object?> map) return new EnvOptions(map);
        if (v is IDictionary<string, object?> map2) return new EnvOptions(map2.ToDictionary(p => p.Key, p => p.Value));
        throw new EnvOptionException(key, "expected a mapping");
    }

    bool TryRaw(string key, out object? value)
    {
        _read.Add(key);
        _asked.Add(key);
        return _values.TryGetValue(key, out value);
    }
}
