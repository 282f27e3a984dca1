using RlLab.Agents.Checkpoints;
using RlLab.Agents.Tests.Cli;

namespace RlLab.Agents.Tests.Reliability;

/// <summary>
/// A plug-in env whose own code fails (#27 item 12): a throwing constructor, or a Step that throws or writes
/// past its observation. check-env and train say which env and what it threw, one line, exit 2; a failure
/// found before training leaves no run folder, one in the middle leaves the run resumable from its last checkpoint.
/// </summary>
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

    [Theory]
    [InlineData("fail_in_step_after: 1", "env Corridor: its Step threw InvalidOperationException: the corridor ends here")]
    [InlineData("write_past_observation_after: 1", "env Corridor: its Step threw IndexOutOfRangeException: Index was outside the bounds of the array.")]
    public void AStepThatFailsAtOnceIsFoundBeforeTheRunFolderExists(string option, string expected)
    {
        using var dir = new TempDir();
        string yaml = dir.File("c.yaml", $"name: c\nseed: 1\nenv: {{id: Corridor, assembly: {TestEnvs}, options: {{{option}}}}}\n");
        string runs = Path.Combine(dir.Path, "runs");
        CliProcess.AssertUserError(CliProcess.Run(dir.Path, "train", yaml, "--set", "train.runs_dir=" + runs), expected);
        Assert.False(Directory.Exists(runs));
    }

    [Fact]
    public void AStepThatThrowsMidRunIsOneLineAndTheRunResumesFromItsLastCheckpoint()
    {
        using var dir = new TempDir();
        // Each env throws at its 600th step: in the 10th iteration of 64 steps, after checkpoints every 256 steps of the 2 envs.
        string yaml = dir.File("c.yaml", $$$"""
            name: c
            seed: 1
            env: {id: Corridor, assembly: {{{TestEnvs}}}, num_envs: 2, options: {fail_in_step_after: 600}}
            algo: {name: ppo, num_steps: 64, minibatches: 2}
            train: {total_steps: 100000, checkpoint_every: 256, eval_episodes: 0}
            """);
        string run = Path.Combine(dir.Path, "my run");
        string expected = $"env Corridor: its Step threw InvalidOperationException: the corridor ends here; training stopped; ./rllab train --resume '{run}' continues from its last checkpoint once the env is fixed";
        CliProcess.AssertUserError(CliProcess.Run(dir.Path, "train", yaml, "--out", run), expected);
        long first = Checkpoint.ReadHeader(Checkpoint.ResolveIntact(run)).State.GlobalStep;
        Assert.InRange(first, 256, 1200);

        // The resume continues from that checkpoint (and meets the same bug 600 steps later).
        CliProcess.AssertUserError(CliProcess.Run(dir.Path, "train", "--resume", run), expected);
        Assert.True(Checkpoint.ReadHeader(Checkpoint.ResolveIntact(run)).State.GlobalStep > first);
    }

    [Fact]
    public void AStepThatThrowsBeforeTheFirstCheckpointLeavesNothingBehind()
    {
        using var dir = new TempDir();
        string yaml = dir.File("c.yaml", $"name: c\nseed: 1\nenv: {{id: Corridor, assembly: {TestEnvs}, num_envs: 2, options: {{fail_in_step_after: 50}}}}\n" +
            "algo: {name: ppo, num_steps: 64, minibatches: 2}\ntrain: {total_steps: 100000, checkpoint_every: 256, eval_episodes: 0}\n");
        string run = Directory.CreateDirectory(Path.Combine(dir.Path, "run")).FullName; // --out names an empty folder: it stays, empty
        CliProcess.AssertUserError(CliProcess.Run(dir.Path, "train", yaml, "--out", run),
            $"env Corridor: its Step threw InvalidOperationException: the corridor ends here; training stopped before its first checkpoint (removed what it wrote in {run})");
        Assert.Empty(Directory.EnumerateFileSystemEntries(run));
    }
}
