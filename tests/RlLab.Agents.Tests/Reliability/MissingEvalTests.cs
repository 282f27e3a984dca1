using System.Text.Json;
using RlLab.Agents.Tests.Cli;

namespace RlLab.Agents.Tests.Reliability;

/// <summary>
/// A run killed during its final evaluation has every checkpoint but no eval.json: --resume runs
/// that evaluation (the same numbers as the uninterrupted run's) instead of saying "already finished".
/// </summary>
public sealed class MissingEvalTests
{
    static readonly string Yaml = Training.TinyExperiments.PpoYaml("eval", "total_steps: 256, eval_episodes: 3");

    [Fact]
    public void ResumingAFinishedRunWithoutEvalJsonEvaluatesIt()
    {
        using var dir = new TempDir();
        string yaml = dir.File("eval.yaml", Yaml);
        string run = Path.Combine(dir.Path, "run");
        CliProcess.Result trained = CliProcess.Run(dir.Path, "train", yaml, "--out", run);
        Assert.True(trained.ExitCode == 0, trained.Stderr);
        // A device note (no CUDA here) is said once, not once by the command and again by the loop (#27 item 15).
        Assert.True(CountOf(trained.Stdout + trained.Stderr, "no CUDA device") <= 1, trained.Stdout + trained.Stderr);
        string eval = Path.Combine(run, "eval.json");
        double mean = MeanReturn(eval);
        File.Delete(eval); // as a kill -9 during the final evaluation leaves the run

        CliProcess.Result resumed = CliProcess.Run(dir.Path, "train", "--resume", run);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains("without its final evaluation; evaluated it now", resumed.Stdout);
        Assert.Equal(mean, MeanReturn(eval));

        // With eval.json there, a finished run is left alone.
        CliProcess.Result again = CliProcess.Run(dir.Path, "train", "--resume", run);
        Assert.Contains("already finished", again.Stdout);
    }

    static int CountOf(string text, string part) => text.Split(part).Length - 1;

    static double MeanReturn(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.EnumerateObject().First(p => p.Name.Equals("meanReturn", StringComparison.OrdinalIgnoreCase) || p.Name == "mean_return").Value.GetDouble();
    }
}
