using RlLab.Envs.Registry;

namespace RlLab.Envs.Tests.Registry;

/// <summary>docs/envs/ and the registry cannot disagree: each registered env has a page, equal to what `rllab envs ID` prints.</summary>
public sealed class EnvPageTests
{
    public static TheoryData<string> Ids() => [.. EnvRegistry.Default.Specs.Select(s => s.Id)];

    static string Page(string id)
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "RlLab.sln"))) dir = Path.GetDirectoryName(dir);
        Assert.NotNull(dir);
        string path = Path.Combine(dir, "docs", "envs", EnvPage.FileName(id));
        Assert.True(File.Exists(path), $"{path} is missing: run ./rllab envs {id} > docs/envs/{EnvPage.FileName(id)}");
        return File.ReadAllText(path);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_registered_option_appears_in_its_page(string id)
    {
        EnvSpec spec = EnvRegistry.Default.Specs.Single(s => s.Id == id);
        Assert.True(spec.Doc is not null, $"env {id} registers no EnvDoc");
        string page = Page(id);
        foreach (EnvOptionDoc o in spec.Doc.Options)
            Assert.Contains($"| `{o.Name}` | {o.Default} | {o.Range} |", page);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_page_is_what_the_registry_prints(string id)
    {
        EnvSpec spec = EnvRegistry.Default.Specs.Single(s => s.Id == id);
        Assert.True(Page(id) == EnvPage.Render(spec, EnvRegistry.Default),
            $"docs/envs/{EnvPage.FileName(id)} is out of date: run ./rllab envs {id} > docs/envs/{EnvPage.FileName(id)}");
    }

    /// <summary>The options an env actually reads are the ones its page declares, no more, no fewer.</summary>
    [Theory]
    [MemberData(nameof(Ids))]
    public void Declared_options_are_the_ones_the_env_reads(string id)
    {
        EnvSpec spec = EnvRegistry.Default.Specs.Single(s => s.Id == id);
        Assert.NotNull(spec.Doc);
        var options = new EnvOptions();
        new EnvStack(id, options).Make().Dispose();
        var read = options.ReadKeys.ToHashSet();
        var declared = spec.Doc.Options.Select(o => o.Name.Split('.')[0]).ToHashSet();
        Assert.Empty(read.Except(declared));
        Assert.Empty(declared.Except(read));
    }
}
