using RlLab.Agents.Checkpoints;
using RlLab.Agents.Config;
using YamlDotNet.RepresentationModel;

namespace RlLab.Agents.Training;

/// <summary>
/// Checks, before a resume writes anything, that the resumed config can continue the checkpoint:
/// the keys that shape the env's spaces, the network or the optimiser must be the checkpoint's, and
/// its weights must load into the policy just built. Hyperparameters, budgets and cadences may change.
/// </summary>
static class ResumeCheck
{
    /// <summary>Keys (and whole sections) fixed by a checkpoint: its weights and optimiser state are only meaningful with them.</summary>
    static readonly string[] Fixed = ["env.id", "env.assembly", "env.options", "env.wrappers", "policy", "algo.name"];

    public static void Check(TrainingSetup setup, string resumeFrom)
    {
        string checkpoint = Checkpoint.ResolveIntact(resumeFrom);
        string stored = Checkpoint.ReadHeader(checkpoint).ConfigYaml;
        // Both through the loader and the writer, so defaults added since the checkpoint compare equal.
        string then = ConfigWriter.ToYaml(ConfigLoader.ParseStored(stored, checkpoint));
        Dictionary<string, string> before = Flatten(then), after = Flatten(setup.ConfigYaml);
        foreach (string key in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            if (!Fixed.Any(f => key == f || key.StartsWith(f + ".", StringComparison.Ordinal) || key.StartsWith(f + "[", StringComparison.Ordinal))) continue;
            string was = before.GetValueOrDefault(key, "(none)"), now = after.GetValueOrDefault(key, "(none)");
            if (was != now)
                throw new SetupException($"--resume {resumeFrom}: {Root(key)} cannot change on resume (the checkpoint has {was}, now {now}); start a new run for it, or drop that --set");
        }
        try
        {
            setup.TryLoad(checkpoint);
        }
        catch (Exception e) when (e is not IOException and not InvalidDataException)
        {
            throw new SetupException($"--resume {resumeFrom}: {checkpoint} does not fit the resumed config ({e.Message.Split('\n')[0]}); start a new run for it");
        }
    }

    /// <summary>The key a user would --set: a list of mappings (env.wrappers) is named whole.</summary>
    static string Root(string key)
    {
        int bracket = key.IndexOf('[', StringComparison.Ordinal);
        return bracket > 0 ? key[..bracket] : key;
    }

    /// <summary>Every scalar of a YAML document by its dotted path (list items as key[i]).</summary>
    static Dictionary<string, string> Flatten(string yaml)
    {
        YamlStream stream = SafeYaml.Load(yaml);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (stream.Documents.Count > 0) Walk(stream.Documents[0].RootNode, "", values);
        return values;
    }

    static void Walk(YamlNode node, string path, Dictionary<string, string> values)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (k, v) in map.Children) Walk(v, path.Length == 0 ? ((YamlScalarNode)k).Value ?? "" : $"{path}.{((YamlScalarNode)k).Value}", values);
                break;
            case YamlSequenceNode list when list.Children.All(c => c is YamlScalarNode):
                values[path] = $"[{string.Join(", ", list.Children.Select(c => ((YamlScalarNode)c).Value))}]";
                break;
            case YamlSequenceNode list:
                values[path] = $"a list of {list.Children.Count}";
                for (int i = 0; i < list.Children.Count; i++) Walk(list.Children[i], $"{path}[{i}]", values);
                break;
            case YamlScalarNode scalar:
                values[path] = scalar.Value ?? "";
                break;
        }
    }
}
