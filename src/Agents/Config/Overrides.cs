using YamlDotNet.RepresentationModel;

namespace RlLab.Agents.Config;

/// <summary>Applies a command-line override such as <c>algo.lr=1e-4</c> to the parsed YAML tree.</summary>
public static class Overrides
{
    /// <summary>Applies one assignment; every node it adds is recorded in <paramref name="origins"/> so that errors name the --set argument.</summary>
    public static void Apply(YamlMappingNode root, string assignment, IDictionary<YamlNode, string>? origins = null)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0) throw ConfigException.AtOverride(assignment, "not key=value (e.g. algo.lr=1e-4)");
        string[] path = assignment[..eq].Trim().Split('.');
        if (path.Any(p => p.Length == 0)) throw ConfigException.AtOverride(assignment, $"'{assignment[..eq]}' is not a dotted key (e.g. algo.lr)");
        string text = assignment[(eq + 1)..];

        // The value is parsed as YAML, so lists and mappings work too: --set policy.hidden=[32,32]
        YamlStream stream;
        try
        {
            stream = SafeYaml.Load(text.Length == 0 ? "''" : text);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw ConfigException.AtOverride(assignment, $"invalid value: {e.InnerException?.Message ?? e.Message}");
        }
        YamlNode value = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : new YamlScalarNode("");

        YamlMappingNode node = root;
        for (int i = 0; i < path.Length - 1; i++)
        {
            var key = new YamlScalarNode(path[i]);
            if (!node.Children.TryGetValue(key, out YamlNode? child))
            {
                node.Children[key] = child = new YamlMappingNode();
                if (origins is not null) { origins[key] = assignment; origins[child] = assignment; }
            }
            node = child as YamlMappingNode
                ?? throw ConfigException.AtOverride(assignment, $"{string.Join('.', path[..(i + 1)])} is not a section");
        }
        var last = new YamlScalarNode(path[^1]);
        node.Children.Remove(last);
        node.Children[last] = value;
        if (origins is not null)
        {
            origins[last] = assignment;
            foreach (YamlNode n in value.AllNodes) origins[n] = assignment;
        }
    }
}
