using RlLab.Agents.Config;
using RlLab.Agents.Tests.Cli;

namespace RlLab.Agents.Tests.Config;

/// <summary>
/// Hostile YAML is one line, exit 2, and no run folder: a "billion laughs" under env.options (which
/// grew memory forever), 100k nested '[' (a stack overflow), too many values, a second document.
/// </summary>
public sealed class YamlLimitsTests
{
    const string Head = "name: t\nseed: 1\n";

    /// <summary>Nine levels of ten aliases each: 10^9 values once expanded, 100 lines on disk.</summary>
    static string Bomb(string indent)
    {
        var lines = new List<string> { $"{indent}l0: &l0 [x, x, x, x, x, x, x, x, x, x]" };
        for (int i = 1; i < 10; i++) lines.Add($"{indent}l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]");
        return string.Join('\n', lines);
    }

    public static TheoryData<string, string, string> Cases => new()
    {
        { "billion laughs under env.options", Head + "env:\n  id: CartPole\n  options:\n" + Bomb("    ") + "\n", "its aliases expand to more than 100,000 values" },
        { "100k nested [", Head + "env: " + new string('[', 100_000) + "\n", "nested deeper than 64 levels" },
        { "too many values", Head + "env: {id: CartPole}\nalgo: {name: ppo}\nx: [" + string.Join(",", Enumerable.Repeat("1", 100_001)) + "]\n", "more than 100,000 values" },
        { "second document", Head + "env: {id: CartPole}\n---\nname: other\n", "a second YAML document" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void RefusedInProcess(string name, string yaml, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, "exp.yaml"));
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), $"{name}: {e.Message}");
        Assert.StartsWith("exp.yaml:", e.Message);
    }

    [Fact]
    public void ABombInASetValueIsRefused()
    {
        string value = "{" + Bomb("").Replace("\n", ", ", StringComparison.Ordinal) + "}";
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Head + "env: {id: CartPole}\n", "exp.yaml", ["env.options=" + value]));
        Assert.Contains("expand to more than", e.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TrainRefusesWithOneLineAndNoRunFolder(bool bomb)
    {
        string yaml = bomb ? Head + "env:\n  id: CartPole\n  options:\n" + Bomb("    ") + "\n" : Head + "env: " + new string('[', 100_000) + "\n";
        string expected = bomb ? "its aliases expand to more than 100,000 values" : "nested deeper than 64 levels";
        using var dir = new TempDir();
        string file = dir.File("exp.yaml", yaml);
        var r = CliProcess.Run(dir.Path, "train", file, "--set", "train.runs_dir=" + Path.Combine(dir.Path, "runs"));
        Assert.StartsWith($"error: {file}:", CliProcess.AssertUserError(r, expected));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "runs")));
    }
}
