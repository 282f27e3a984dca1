using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace RlLab.Agents.Config;

/// <summary>
/// Reads one YAML mapping with typed getters. Every error names the file, the line, the column and
/// the dotted key; <see cref="RejectUnknown"/> turns every key nobody asked for into an error.
/// </summary>
sealed class YamlSection
{
    readonly string _file;
    readonly YamlMappingNode _node;
    readonly YamlNode _anchor;
    readonly HashSet<string> _read = [];
    /// <summary>Nodes added by --set arguments, and the argument each came from.</summary>
    readonly IReadOnlyDictionary<YamlNode, string> _origins;

    public YamlSection(string file, YamlMappingNode node, string path, YamlNode? anchor = null, IReadOnlyDictionary<YamlNode, string>? origins = null)
    {
        _file = file;
        _origins = origins ?? new Dictionary<YamlNode, string>(ReferenceEqualityComparer.Instance);
        _node = node;
        Path = path;
        _anchor = anchor ?? node;
    }

    /// <summary>The dotted path of this section, e.g. "algo".</summary>
    public string Path { get; }

    string Key(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public ConfigException Error(YamlNode node, string message) =>
        _origins.TryGetValue(node, out string? assignment)
            ? ConfigException.AtOverride(assignment, message)
            : new(_file, (int)node.Start.Line, (int)node.Start.Column, message);

    /// <summary>The key node (for positions) and the value node, or nulls when absent.</summary>
    public (YamlNode? Key, YamlNode? Value) Find(string key)
    {
        _read.Add(key);
        foreach (var (k, v) in _node.Children)
            if (k is YamlScalarNode s && s.Value == key) return (k, v);
        return (null, null);
    }

    public IEnumerable<string> Keys => _node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "").ToList();

    /// <summary>The file this section was read from, as given (a "#config" suffix names a checkpoint's header).</summary>
    public string File => _file;

    public bool Has(string key) => _node.Children.Keys.Any(k => k is YamlScalarNode s && s.Value == key);

    string? Scalar(string key, out YamlNode? at)
    {
        var (k, v) = Find(key);
        at = v ?? k;
        if (v is null) return null;
        if (v is not YamlScalarNode s) throw Error(v, $"{Key(key)}: expected a single value, got a {(v is YamlSequenceNode ? "list" : "mapping")}");
        if (IsNull(s)) return null;
        return s.Value;
    }

    static bool IsNull(YamlScalarNode s) =>
        s.Style == YamlDotNet.Core.ScalarStyle.Plain && (s.Value is null || s.Value is "" or "~" or "null" or "Null" or "NULL");

    ConfigException Missing(string key) => Error(_anchor, $"missing required key '{Key(key)}'");

    public string RequiredString(string key) => Scalar(key, out _) ?? throw Missing(key);

    public string String(string key, string fallback) => Scalar(key, out _) ?? fallback;

    public string Choice(string key, string fallback, params string[] allowed)
    {
        string value = Scalar(key, out YamlNode? at) ?? fallback;
        if (!allowed.Contains(value, StringComparer.Ordinal))
            throw Error(at ?? _anchor, $"{Key(key)}: '{value}' is not one of: {string.Join(", ", allowed)}");
        return value;
    }

    public double Double(string key, double fallback, double min = double.NegativeInfinity, double max = double.PositiveInfinity) =>
        NullableDouble(key, min, max) ?? fallback;

    public double? NullableDouble(string key, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        string? text = Scalar(key, out YamlNode? at);
        if (text is null) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw Error(at!, $"{Key(key)}: expected a number, got '{text}'");
        if (value < min || value > max)
            throw Error(at!, $"{Key(key)}: {Format(value)} is out of range [{Format(min)}, {Format(max)}]");
        return value;
    }

    public long Long(string key, long fallback, long min = long.MinValue, long max = long.MaxValue) =>
        NullableLong(key, min, max) ?? fallback;

    public long? NullableLong(string key, long min = long.MinValue, long max = long.MaxValue)
    {
        string? text = Scalar(key, out YamlNode? at);
        if (text is null) return null;
        // Accept 1e6-style integers, which are common for step counts.
        if (!long.TryParse(text.Replace("_", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d) && Math.Abs(d) < 9e18)
                value = (long)d;
            else
                throw Error(at!, $"{Key(key)}: expected an integer, got '{text}'");
        }
        if (value < min || value > max)
            throw Error(at!, $"{Key(key)}: {value} is out of range [{min}, {max}]");
        return value;
    }

    public int Int(string key, int fallback, int min = int.MinValue, int max = int.MaxValue) => (int)Long(key, fallback, min, max);

    public int? NullableInt(string key, int min = int.MinValue, int max = int.MaxValue) => (int?)NullableLong(key, min, max);

    public bool Bool(string key, bool fallback)
    {
        string? text = Scalar(key, out YamlNode? at);
        if (text is null) return fallback;
        return text switch
        {
            "true" or "True" or "yes" => true,
            "false" or "False" or "no" => false,
            _ => throw Error(at!, $"{Key(key)}: expected true or false, got '{text}'"),
        };
    }

    public IReadOnlyList<int> IntList(string key, IReadOnlyList<int> fallback, int min = 1, int max = int.MaxValue, int maxCount = int.MaxValue)
    {
        var (k, v) = Find(key);
        if (v is null) return fallback;
        if (v is not YamlSequenceNode seq) throw Error(v, $"{Key(key)}: expected a list of integers, e.g. [64, 64]");
        var list = new List<int>();
        foreach (YamlNode item in seq)
        {
            if (item is not YamlScalarNode s || !int.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n))
                throw Error(item, $"{Key(key)}: expected an integer list item");
            if (n < min || n > max) throw Error(item, $"{Key(key)}: {n} is out of range [{min}, {max}]");
            list.Add(n);
        }
        if (list.Count > maxCount) throw Error(v, $"{Key(key)}: {list.Count} entries is more than {maxCount}");
        _ = k;
        return list;
    }

    /// <summary>A nested mapping; an absent key gives an empty section anchored at this one.</summary>
    public YamlSection Child(string key)
    {
        var (k, v) = Find(key);
        if (v is null || v is YamlScalarNode { Value: null or "" or "~" or "null" })
            return new YamlSection(_file, new YamlMappingNode(), Key(key), k ?? _anchor, _origins);
        if (v is not YamlMappingNode map) throw Error(v, $"{Key(key)}: expected a mapping");
        return new YamlSection(_file, map, Key(key), map, _origins);
    }

    /// <summary>The raw value of a key, converted to strings, lists and dictionaries.</summary>
    public object? Raw(string key)
    {
        var (_, v) = Find(key);
        return v is null ? null : ToPlain(v);
    }

    public YamlSequenceNode? Sequence(string key)
    {
        var (_, v) = Find(key);
        if (v is null || v is YamlScalarNode { Value: null or "" or "~" or "null" }) return null;
        return v as YamlSequenceNode ?? throw Error(v, $"{Key(key)}: expected a list");
    }

    /// <summary>The position of a key inside this section, for errors found later (e.g. by the env).</summary>
    public ConfigException ErrorAt(string key, string message)
    {
        foreach (var (k, v) in _node.Children)
            if (k is YamlScalarNode s && s.Value == key) return Error(_origins.ContainsKey(v) ? v : k, $"{Key(key)}: {message}");
        return Error(_anchor, $"{Key(key)}: {message}");
    }

    public void RejectUnknown(string? hint = null)
    {
        foreach (var (k, _) in _node.Children)
        {
            string name = (k as YamlScalarNode)?.Value ?? "?";
            if (!_read.Contains(name))
                throw Error(k, $"unknown key '{Key(name)}'{(hint is null ? "" : $" ({hint})")}");
        }
    }

    public static object? ToPlain(YamlNode node) => node switch
    {
        YamlScalarNode s => IsNull(s) ? null : s.Value,
        YamlSequenceNode seq => seq.Children.Select(ToPlain).ToList(),
        YamlMappingNode map => map.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value ?? "", p => ToPlain(p.Value)),
        _ => null,
    };

    static string Format(double d) => double.IsInfinity(d) ? (d > 0 ? "inf" : "-inf") : d.ToString("G6", CultureInfo.InvariantCulture);
}
