using YamlDotNet.RepresentationModel;

namespace RlLab.Agents.Plotting;

/// <summary>
/// Groups runs for `rllab plot`: runs whose configs differ only in <c>seed</c> (and the run-place keys)
/// are one group, banded across seeds; each group is labelled by its name plus the settings that
/// differ between groups, e.g. <c>cartpole-ppo [algo.lr=0.001]</c>.
/// </summary>
public static class RunGroups
{
    /// <summary>Keys that never tell configs apart: the seed is what a group bands over; the rest say where output goes.</summary>
    static readonly HashSet<string> Ignored = new(StringComparer.Ordinal) { "seed", "train.runs_dir" };

    /// <summary>A config.yaml as dotted keys and scalar values; lists become "[a, b]".</summary>
    public static IReadOnlyDictionary<string, string> Flatten(string yaml)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        YamlStream stream = Config.SafeYaml.Load(yaml);
        if (stream.Documents.Count > 0) Walk(stream.Documents[0].RootNode, "", result);
        return result;
    }

    static void Walk(YamlNode node, string prefix, IDictionary<string, string> into)
    {
        switch (node)
        {
            case YamlMappingNode map when map.Children.Count > 0:
                foreach (var (k, v) in map.Children)
                    Walk(v, prefix.Length == 0 ? ((YamlScalarNode)k).Value ?? "" : $"{prefix}.{((YamlScalarNode)k).Value}", into);
                break;
            case YamlMappingNode:
                into[prefix] = "{}";
                break;
            case YamlSequenceNode seq:
                into[prefix] = "[" + string.Join(", ", seq.Children.Select(Text)) + "]";
                break;
            default:
                into[prefix] = Text(node);
                break;
        }
    }

    static string Text(YamlNode n) => n switch
    {
        YamlScalarNode s => s.Value ?? "",
        YamlSequenceNode q => "[" + string.Join(", ", q.Children.Select(Text)) + "]",
        YamlMappingNode m => "{" + string.Join(", ", m.Children.Select(p => $"{Text(p.Key)}: {Text(p.Value)}")) + "}",
        _ => n.ToString(),
    };

    /// <summary>
    /// For each run (its flattened config), the index of its group and the groups' labels, in first-seen order.
    /// <paramref name="fallbackNames"/> names a run whose config has no <c>name</c>.
    /// </summary>
    public static (int[] GroupOf, string[] Labels) Assign(IReadOnlyList<IReadOnlyDictionary<string, string>> configs, IReadOnlyList<string> fallbackNames)
    {
        var keys = new List<string>();
        var groupOf = new int[configs.Count];
        var representatives = new List<IReadOnlyDictionary<string, string>>();
        for (int i = 0; i < configs.Count; i++)
        {
            string key = string.Join('\n', configs[i].Where(p => !Ignored.Contains(p.Key)).Select(p => $"{p.Key}={p.Value}"));
            int g = keys.IndexOf(key);
            if (g < 0)
            {
                keys.Add(key);
                representatives.Add(configs[i]);
                g = keys.Count - 1;
            }
            groupOf[i] = g;
        }
        // The settings that vary between groups: the union of keys, where any two groups disagree (a missing key counts).
        string[] all = [.. representatives.SelectMany(r => r.Keys).Distinct().Where(k => !Ignored.Contains(k) && k != "name").Order(StringComparer.Ordinal)];
        string[] varying = [.. all.Where(k => representatives.Select(r => r.GetValueOrDefault(k)).Distinct().Count() > 1)];
        var labels = new string[keys.Count];
        for (int g = 0; g < keys.Count; g++)
        {
            IReadOnlyDictionary<string, string> r = representatives[g];
            string name = r.GetValueOrDefault("name") is { Length: > 0 } n ? n : fallbackNames[Array.IndexOf(groupOf, g)];
            labels[g] = varying.Length == 0 ? name : $"{name} [{string.Join(", ", varying.Select(k => $"{k}={r.GetValueOrDefault(k) ?? "(unset)"}"))}]";
        }
        return (groupOf, labels);
    }
}
