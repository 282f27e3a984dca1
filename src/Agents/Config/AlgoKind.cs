namespace RlLab.Agents.Config;

/// <summary>The algorithm an experiment trains, resolved from <c>algo.name</c> when the config loads.</summary>
public enum AlgoKind
{
    Ppo,
    Reinforce,
}

/// <summary>The YAML spelling of each <see cref="AlgoKind"/> and what it implies for the policy.</summary>
public static class AlgoKinds
{
    /// <summary>The <c>algo.name</c> values, in the order of <see cref="AlgoKind"/>.</summary>
    public static readonly string[] YamlNames = ["ppo", "reinforce"];

    public static string YamlName(this AlgoKind kind) => YamlNames[(int)kind];

    public static AlgoKind Parse(string yamlName) => (AlgoKind)Array.IndexOf(YamlNames, yamlName) is var k && k >= 0
        ? k : throw new ArgumentException($"unknown algorithm '{yamlName}'");

    /// <summary>Whether the policy carries a value head (actor-critic) for this algorithm.</summary>
    public static bool HasCritic(this AlgoKind kind) => kind == AlgoKind.Ppo;
}
