using System.Globalization;
using System.Text.Json;
using RlLab.Agents.Config;

namespace RlLab.Agents.Bundles;

/// <summary>
/// Env options and wrappers as JSON inside the metadata. Values are what the YAML layer produces:
/// strings (numbers and booleans travel as their text), lists and nested maps.
/// </summary>
static class BundleJson
{
    const int MaxDepth = 8;

    public static string Options(IReadOnlyDictionary<string, object?> options)
    {
        using var memory = new MemoryStream();
        using (var w = new Utf8JsonWriter(memory)) WriteValue(w, options);
        return System.Text.Encoding.UTF8.GetString(memory.ToArray());
    }

    public static string Wrappers(IReadOnlyList<WrapperConfig> wrappers)
    {
        using var memory = new MemoryStream();
        using (var w = new Utf8JsonWriter(memory))
        {
            w.WriteStartArray();
            foreach (WrapperConfig c in wrappers)
            {
                w.WriteStartObject();
                w.WriteString("name", c.Name);
                w.WritePropertyName("options");
                WriteValue(w, c.Options);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(memory.ToArray());
    }

    static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case IReadOnlyDictionary<string, object?> map:
                w.WriteStartObject();
                foreach (var (k, v) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    w.WritePropertyName(k);
                    WriteValue(w, v);
                }
                w.WriteEndObject();
                break;
            case IDictionary<string, object?> map:
                WriteValue(w, (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>(map));
                break;
            case System.Collections.IEnumerable list:
                w.WriteStartArray();
                foreach (object? item in list) WriteValue(w, item);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    public static Dictionary<string, object?> ReadOptions(string json, string key)
    {
        using JsonDocument doc = Parse(json, key);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new FormatException($"{key} is not a JSON object");
        return (Dictionary<string, object?>)ToPlain(doc.RootElement, key)!;
    }

    public static List<WrapperConfig> ReadWrappers(string json, string key)
    {
        using JsonDocument doc = Parse(json, key);
        if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new FormatException($"{key} is not a JSON list");
        var wrappers = new List<WrapperConfig>();
        foreach (JsonElement item in doc.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) throw new FormatException($"{key}: each wrapper is an object");
            var map = (Dictionary<string, object?>)ToPlain(item, key)!;
            if (map.Count != 2 || map.GetValueOrDefault("name") is not string name || !map.TryGetValue("options", out object? o) || o is not Dictionary<string, object?> options)
                throw new FormatException($"{key}: each wrapper is {{\"name\": .., \"options\": {{..}}}}");
            wrappers.Add(new WrapperConfig(name, options));
        }
        return wrappers;
    }

    static JsonDocument Parse(string json, string key)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException)
        {
            throw new FormatException($"{key} is not valid JSON");
        }
    }

    static object? ToPlain(JsonElement e, string key) => e.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => e.EnumerateArray().Select(x => ToPlain(x, key)).ToList(),
        _ => ToMap(e, key),
    };

    static Dictionary<string, object?> ToMap(JsonElement e, string key)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (JsonProperty p in e.EnumerateObject())
            if (!map.TryAdd(p.Name, ToPlain(p.Value, key))) throw new FormatException($"{key} has the key '{SafetensorsReader.Clip(p.Name)}' twice");
        return map;
    }
}
