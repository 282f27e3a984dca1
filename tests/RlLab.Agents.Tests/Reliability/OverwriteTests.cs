using RlLab.Agents.Tests.Cli;
using RlLab.Agents.Training;

namespace RlLab.Agents.Tests.Reliability;

/// <summary>`export --out` onto an existing bundle refuses unless --force, as train refuses to write over a run.</summary>
public sealed class OverwriteTests
{
    [Fact]
    public void ExportRefusesToReplaceABundleUnlessForced()
    {
        using var dir = new TempDir();
        var run = RunDirectory.Create(Path.Combine(dir.Path, "run"));
        Trainer.Train(Training.TinyExperiments.Ppo(steps: 256), run);
        string bundle = dir.File("agent.safetensors", "someone's only copy");

        var refused = CliProcess.Run(dir.Path, "export", run.Path, "--out", bundle);
        Assert.True(refused.ExitCode == 2, refused.Stderr);
        Assert.Equal($"error: --out {bundle}: the file exists; add --force to replace it, or choose another name", refused.Stderr.Trim());
        Assert.Equal("someone's only copy", File.ReadAllText(bundle));

        // A killed export's temporary file (its PID no longer runs) goes with the next write of the same file;
        // a live writer's stays (#27 item 15).
        string dead = dir.File($"agent.safetensors.tmp-{DeadPid()}", "half a bundle");
        string live = dir.File($"agent.safetensors.tmp-{Environment.ProcessId}", "being written");
        var forced = CliProcess.Run(dir.Path, "export", run.Path, "--out", bundle, "--force");
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.NotEqual("someone's only copy", File.ReadAllText(bundle));
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));
    }

    /// <summary>The PID of a process that has ended.</summary>
    internal static int DeadPid()
    {
        using var p = System.Diagnostics.Process.Start("true");
        p.WaitForExit();
        return p.Id;
    }
}
