namespace RlLab.Agents.Policies.Networks;

/// <summary>
/// The closed list of feature architectures a config or a bundle may name. Adding one: a class
/// beside these (a <see cref="ConvFeatures"/> subclass is a layer table) and one line here.
/// </summary>
public static class NetworkRegistry
{
    static readonly FeatureArchitecture[] All = [new FlattenFeatures(), new MitCnn(), new NatureCnn(), new PongCnn(), new PongCnnS4(), new PongCnnS4Coord(), new PongCnnTall()];

    /// <summary>The names, in the order docs and messages list them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(a => a.Name)];

    public static bool TryGet(string name, out FeatureArchitecture architecture)
    {
        architecture = All.FirstOrDefault(a => a.Name == name)!;
        return architecture is not null;
    }

    public static FeatureArchitecture Get(string name) =>
        TryGet(name, out FeatureArchitecture a) ? a : throw new ArgumentException($"unknown policy.type '{name}'; known: {string.Join(", ", Names)}");
}
