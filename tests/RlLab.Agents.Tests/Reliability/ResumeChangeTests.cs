using RlLab.Agents.Tests.Cli;

namespace RlLab.Agents.Tests.Reliability;

/// <summary>
/// `train --resume RUN --set` with a change the checkpoint cannot continue (another network, another
/// env): one line naming the key, exit 2, and the run's files untouched, so a plain --resume still works.
/// </summary>
public sealed class ResumeChangeTests
{
    static readonly string Yaml = Training.TinyExperiments.PpoYaml("resume-change", "total_steps: 256, checkpoint_every: 128, eval_episodes: 0");

    [Fact]
    public void AChangeThatCannotResumeIsRefusedBeforeAnythingIsWritten()
    {
        using var dir = new TempDir();
        string yaml = dir.File("r.yaml", Yaml);
        string run = Path.Combine(dir.Path, "run");
        CliProcess.Result first = CliProcess.Run(dir.Path, "train", yaml, "--out", run, "--quiet");
        Assert.True(first.ExitCode == 0, first.Stderr);
        string config = Path.Combine(run, "config.yaml");
        byte[] before = File.ReadAllBytes(config);
        string[] filesBefore = Directory.GetFiles(run, "*", SearchOption.AllDirectories).Order().ToArray();

        foreach (var (set, key) in new[] { ("policy.hidden=[32]", "policy.hidden"), ("policy.activation=relu", "policy.activation") })
        {
            CliProcess.Result changed = CliProcess.Run(dir.Path, "train", "--resume", run, "--set", set, "--set", "train.total_steps=512", "--quiet");
            string line = CliProcess.AssertUserError(changed, $"{key} cannot change on resume", set);
            Assert.StartsWith("error: --resume ", line);
            Assert.Equal(before, File.ReadAllBytes(config));
            Assert.Equal(filesBefore, Directory.GetFiles(run, "*", SearchOption.AllDirectories).Order().ToArray());
        }

        // A hyperparameter may change, and the run continues from its checkpoint.
        CliProcess.Result resumed = CliProcess.Run(dir.Path, "train", "--resume", run, "--set", "algo.lr=0.001", "--set", "train.total_steps=512", "--quiet");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains("lr: 0.001", File.ReadAllText(config));
    }
}
