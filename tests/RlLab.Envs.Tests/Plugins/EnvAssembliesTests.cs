using RlLab.Envs.Checking;
using RlLab.Envs.Plugins;
using RlLab.Envs.Registry;

namespace RlLab.Envs.Tests.Plugins;

/// <summary>Envs from a user's assembly (tests/RlLab.TestEnvs, loaded by path, never by type) register, build and pass the checker.</summary>
public sealed class EnvAssembliesTests
{
    static string TestEnvs => Path.Combine(AppContext.BaseDirectory, "RlLab.TestEnvs.dll");

    [Fact]
    public void Registers_attribute_and_registration_envs_from_a_path()
    {
        var registry = new EnvRegistry();
        IReadOnlyList<string> ids = EnvAssemblies.Load(TestEnvs, registry);
        Assert.Equal(["Constant", "Corridor"], ids.Order());
        Assert.True(registry.TryGet("Corridor", out EnvSpec corridor));
        Assert.Equal(100, corridor.MaxEpisodeSteps);
        Assert.True(registry.TryGet("Constant", out EnvSpec constant));
        Assert.NotNull(constant.Doc);
        // Loading again registers nothing twice.
        Assert.Equal(ids, EnvAssemblies.Load(TestEnvs, registry));
    }

    [Theory]
    [InlineData("Corridor")]
    [InlineData("Constant")]
    public void Loaded_envs_pass_the_checker(string id)
    {
        var registry = new EnvRegistry();
        EnvAssemblies.Load(TestEnvs, registry);
        var stack = new EnvStack(id, registry: registry);
        EnvCheckReport report = new EnvChecker(stack.Make).Run(id);
        Assert.True(report.Passed, string.Join("; ", report.Failures.Select(f => $"{f.Check}: {f.Detail}")));
    }

    [Fact]
    public void Options_of_a_loaded_env_are_checked_like_built_in_ones()
    {
        var registry = new EnvRegistry();
        EnvAssemblies.Load(TestEnvs, registry);
        var bad = new EnvOptions(new Dictionary<string, object?> { ["length"] = "1" });
        Assert.Equal("length", Assert.Throws<EnvOptionException>(() => registry.Make("Corridor", bad)).Key);
        var unknown = new EnvOptions(new Dictionary<string, object?> { ["width"] = "3" });
        Assert.Equal("width", Assert.Throws<EnvOptionException>(() => registry.Make("Corridor", unknown)).Key);
    }

    [Fact]
    public void A_constructor_that_throws_is_named_with_the_env_and_its_message()
    {
        var registry = new EnvRegistry();
        EnvAssemblies.Load(TestEnvs, registry);
        var failing = new EnvOptions(new Dictionary<string, object?> { ["fail_in_constructor"] = "true" });
        var e = Assert.Throws<PluginEnvException>(() => registry.Make("Corridor", failing));
        Assert.Equal("env Corridor: its constructor threw InvalidOperationException: the corridor has no walls", e.Message);
    }

    [Fact]
    public void A_missing_file_or_a_non_assembly_is_one_line_naming_the_file()
    {
        Assert.Contains("nope.dll", Assert.Throws<FileNotFoundException>(() => EnvAssemblies.Load("nope.dll", new EnvRegistry())).Message);
        string text = Path.Combine(Path.GetTempPath(), $"rllab-not-an-assembly-{Environment.ProcessId}.dll");
        File.WriteAllText(text, "hello");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => EnvAssemblies.Load(text, new EnvRegistry()));
            Assert.Contains("not a .NET assembly", e.Message);
        }
        finally { File.Delete(text); }
    }

    [Fact]
    public void An_assembly_without_envs_is_an_error()
    {
        // RlLab.Sim is a real assembly with no env in it.
        string sim = Path.Combine(AppContext.BaseDirectory, "RlLab.Sim.dll");
        Assert.Contains("no env found", Assert.Throws<InvalidDataException>(() => EnvAssemblies.Load(sim, new EnvRegistry())).Message);
    }
}
