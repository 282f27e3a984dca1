using RlLab.Agents.Config;
using YamlDotNet.RepresentationModel;

namespace RlLab.Agents.Tests.Config;

/// <summary>
/// ConfigKeys is the one declaration of the experiment keys: docs/experiments.md shows its generated
/// table word for word, the writer writes exactly its keys, and every shipped experiment survives
/// load → write → load unchanged.
/// </summary>
public sealed class ConfigKeyTests
{
    /// <summary>
    /// Fails when a key is added, renamed or re-defaulted without docs/experiments.md following.
    /// With RLLAB_WRITE_CONFIG_REFERENCE=FILE the test writes the expected table there, to paste.
    /// </summary>
    [Fact]
    public void Experiments_doc_holds_the_generated_key_table()
    {
        string expected = ConfigKeys.ReferenceTable();
        if (Environment.GetEnvironmentVariable("RLLAB_WRITE_CONFIG_REFERENCE") is { Length: > 0 } dump) File.WriteAllText(dump, expected);
        string doc = File.ReadAllText(Path.Combine(TestPaths.Repo(), "docs", "experiments.md"));
        Assert.True(doc.Contains(expected, StringComparison.Ordinal),
            "docs/experiments.md differs from ConfigKeys; run with RLLAB_WRITE_CONFIG_REFERENCE=FILE and paste FILE");
        foreach (ConfigKey k in ConfigKeys.All.Concat(RlLab.Agents.Algorithms.AlgorithmRegistry.All.SelectMany(a => a.Keys))) Assert.Contains($"| `{k.Path}` |", doc);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Table_paths_are_unique_and_in_known_sections(string algo)
    {
        IReadOnlyList<ConfigKey> keys = ConfigKeys.For(RlLab.Agents.Algorithms.AlgorithmRegistry.Get(algo));
        Assert.Equal(keys.Count, keys.Select(k => k.Path).Distinct().Count());
        Assert.All(keys, k => Assert.True(k.Section.Length == 0 || ConfigKeys.Sections.Contains(k.Section), k.Path));
        // An algorithm's own keys are algo.* keys.
        Assert.All(RlLab.Agents.Algorithms.AlgorithmRegistry.Get(algo).Keys, k => Assert.Equal("algo", k.Section));
    }

    public static TheoryData<string> Algorithms() => [.. RlLab.Agents.Algorithms.AlgorithmRegistry.Names];

    /// <summary>Catches a key the writer drops or invents (it then is lost from, or refused in, config.yaml and checkpoints).</summary>
    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Writer_writes_exactly_the_table_keys_of_the_algorithm(string algo)
    {
        ExperimentConfig config = ConfigLoader.Parse($"name: w\nenv: {{id: CartPole}}\nalgo: {{name: {algo}}}\n", "w.yaml");
        // Omitted when null: set them to see them.
        config = config with { Env = config.Env with { Assembly = "/some/Envs.dll" }, SelfPlay = new SelfPlayConfig(1000, 3, 0.5) };
        var root = (YamlMappingNode)Parse(ConfigWriter.ToYaml(config)).Documents[0].RootNode;
        var written = new List<string>();
        foreach (var (key, value) in root.Children)
        {
            string name = ((YamlScalarNode)key).Value!;
            if (value is YamlMappingNode section && ConfigKeys.Sections.Contains(name))
                written.AddRange(section.Children.Keys.Select(k => $"{name}.{((YamlScalarNode)k).Value}"));
            else written.Add(name);
        }
        Assert.Equal(ConfigKeys.For(RlLab.Agents.Algorithms.AlgorithmRegistry.Get(algo)).Select(k => k.Path).Order(), written.Order());
    }

    /// <summary>Defaults come from the table: a key read with another default than the table says fails here.</summary>
    [Theory]
    [MemberData(nameof(Algorithms))]
    public void An_empty_config_gets_the_table_defaults(string algo)
    {
        IReadOnlyList<ConfigKey> keys = ConfigKeys.For(RlLab.Agents.Algorithms.AlgorithmRegistry.Get(algo));
        ExperimentConfig config = ConfigLoader.Parse($"name: d\nenv: {{id: CartPole}}\nalgo: {{name: {algo}}}\n", "d.yaml");
        var root = (YamlMappingNode)Parse(ConfigWriter.ToYaml(config)).Documents[0].RootNode;
        foreach (ConfigKey k in keys.Where(k => !k.Required && k.Type is not ("map" or "list") && k.Path != "algo.name" && !k.OmitWhenNull))
        {
            var node = (YamlScalarNode)(k.Section.Length == 0 ? root[k.Name] : ((YamlMappingNode)root[k.Section])[k.Name]);
            object? expected = k.Default;
            string want = expected switch { null => "", bool b => b ? "true" : "false", double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture), _ => Convert.ToString(expected, System.Globalization.CultureInfo.InvariantCulture)! };
            Assert.True(want == (node.Value ?? ""), $"{k.Path}: table {want}, loaded {node.Value}");
        }
        Assert.Equal((int[])keys.Single(k => k.Path == "policy.hidden").Default!, config.Policy.Hidden);
    }

    public static TheoryData<string> ShippedExperiments()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.GetFiles(Path.Combine(TestPaths.Repo(), "experiments"), "*.yaml").Order()) data.Add(Path.GetFileName(f));
        return data;
    }

    /// <summary>Catches a value the writer loses or changes (a default reapplied, a number rounded, a list flattened).</summary>
    [Theory]
    [MemberData(nameof(ShippedExperiments))]
    public void Shipped_experiment_round_trips(string file)
    {
        string path = Path.Combine(TestPaths.Repo(), "experiments", file);
        ExperimentConfig first = ConfigLoader.Load(path);
        string yaml = ConfigWriter.ToYaml(first);
        ExperimentConfig second = ConfigLoader.Parse(yaml, path);
        Assert.Equal(first.Name, second.Name);
        Assert.Equal(first.Seed, second.Seed);
        Assert.Equal(first.Algo, second.Algo);
        Assert.Equal(first.Train, second.Train);
        Assert.Equal(first.Stop, second.Stop);
        Assert.Equal(first.Policy with { Hidden = [] }, second.Policy with { Hidden = [] });
        Assert.Equal(first.Policy.Hidden, second.Policy.Hidden);
        Assert.Equal((first.Env.Id, first.Env.NumEnvs, first.Env.Threads, first.Env.Assembly), (second.Env.Id, second.Env.NumEnvs, second.Env.Threads, second.Env.Assembly));
        Assert.Equal(first.Env.Wrappers.Select(w => w.Name), second.Env.Wrappers.Select(w => w.Name));
        Assert.Equal(yaml, ConfigWriter.ToYaml(second)); // options and wrapper options, compared in their written form
    }

    static YamlStream Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream;
    }
}
