using YamlDotNet.RepresentationModel;

namespace RlLab.Agents.Config;

/// <summary>Applies a command-line override such as <c>algo.lr=1e-4</c> to the parsed YAML tree.</summary>
public static class Overrides
{
    public static void Apply(YamlMappingNode root, string assignment)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0) throw new ConfigException("--set", 1, 1, $"'{assignment}' is not key=value (e.g. algo.lr=1e-4)");
        string[] path = assignment[..eq].Trim().Split('.');
        string text = assignment[(eq + 1)..];

        // The value is parsed as YAML, so lists and mappings work too: --set policy.hidden=[32,32]
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text.Length == 0 ? "''" : text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ConfigException("--set", 1, eq + 2, $"{assignment[..eq]}: invalid value: {e.Message}");
        }
        YamlNode value = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : new YamlScalarNode("");

        YamlMappingNode node = root;
        for (int i = 0; i < path.Length - 1; i++)
        {
            var key = new YamlScalarNode(path[i]);
            if (!node.Children.TryGetValue(key, out YamlNode? child))
                node.Children[key] = child = new YamlMappingNode();
            node = child as YamlMappingNode
                ?? throw new ConfigException("--set", 1, 1, $"{string.Join('.', path[..(i + 1)])} is not a section");
        }
        node.Children[new YamlScalarNode(path[^1])] = value;
    }
}
