namespace RlLab.Agents.Algorithms;

/// <summary>The algorithms an experiment may name. Adding one: its folder (class, config record, spec) and one line here.</summary>
public static class AlgorithmRegistry
{
    public static IReadOnlyList<AlgorithmSpec> All { get; } = [new PpoSpec(), new ReinforceSpec(), new A2cSpec(), new SacSpec()];

    /// <summary>The <c>algo.name</c> values, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(a => a.Name)];

    public static AlgorithmSpec Get(string name) =>
        All.FirstOrDefault(a => a.Name == name) ?? throw new ArgumentException($"unknown algorithm '{name}'; known: {string.Join(", ", Names)}");
}
