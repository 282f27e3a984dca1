using RlLab.Agents.Tests.Cli;

namespace RlLab.Agents.Tests.Reliability;

/// <summary>A plug-in env whose constructor throws (#27 item 12): check-env and train say which env and what it threw, one line, exit 2, no run folder.</summary>
public sealed class PluginEnvTests
{
    static string TestEnvs => Path.Combine(AppContext.BaseDirectory, "RlLab.TestEnvs.dll");
    const string Expected = "env Corridor: its constructor threw InvalidOperationException: the corridor has no walls";

    [Fact]
    public void CheckEnvNamesTheEnvAndItsException()
    {
        using var dir = new TempDir();
        CliProcess.AssertUserError(CliProcess.Run(dir.Path, "check-env", "--assembly", TestEnvs, "Corridor", "--set", "fail_in_constructor=true"), Expected);
    }

    [Fact]
    public void TrainNamesTheEnvAndLeavesNoRunFolder()
    {
        using var dir = new TempDir();
        string yaml = dir.File("c.yaml", $"name: c\nseed: 1\nenv: {{id: Corridor, assembly: {TestEnvs}, options: {{fail_in_constructor: true}}}}\n");
        string runs = Path.Combine(dir.Path, "runs");
        CliProcess.AssertUserError(CliProcess.Run(dir.Path, "train", yaml, "--set", "train.runs_dir=" + runs), Expected);
        Assert.False(Directory.Exists(runs));
    }
}
