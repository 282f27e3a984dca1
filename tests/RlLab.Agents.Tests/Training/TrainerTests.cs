using System.Text.Json;
using RlLab.Agents.Checkpoints;
using RlLab.Agents.Config;
using RlLab.Agents.Tests.Cli;
using RlLab.Agents.Training;

namespace RlLab.Agents.Tests.Training;

public sealed class TrainerTests
{
    [Fact]
    public void RunDirectoryHasEveryFile()
    {
        using var dir = new TempDir();
        var run = RunDirectory.Create(Path.Combine(dir.Path, "run"));
        TrainingResult result = Trainer.Train(TinyExperiments.Ppo(), run);

        Assert.Equal(2048, result.Steps);
        foreach (string f in new[] { run.Config, run.Progress, run.EpisodesCsv, run.Log, run.Curve, run.Eval })
            Assert.True(File.Exists(f), $"missing {f}");
        Assert.NotEmpty(Directory.GetFiles(run.TensorBoard, "events.out.tfevents.*"));
        Assert.True(File.Exists(Path.Combine(run.Checkpoints, "latest")));
        Assert.Equal(Checkpoint.Resolve(run.Path), Directory.GetFiles(run.Checkpoints, "*.ckpt").Single());

        // The resolved config round-trips through the loader.
        ExperimentConfig reread = ConfigLoader.Load(run.Config);
        Assert.Equal(TinyExperiments.Ppo().Algo, reread.Algo);

        using var eval = JsonDocument.Parse(File.ReadAllText(run.Eval));
        Assert.Equal(2, eval.RootElement.GetProperty("episodes").GetInt32());
        Assert.Equal(8 * 2048 / 64 / 4 / 8, File.ReadAllLines(run.Progress).Length - 1);

        // One metrics path: the CleanRL/SB3 numbers by name in the CSV and in TensorBoard; CartPole has no env metrics.
        string[] header = File.ReadLines(run.Progress).First().Split(',');
        string events = File.ReadAllText(Directory.GetFiles(run.TensorBoard, "events.out.tfevents.*").Single());
        foreach (string key in new[] { "losses/policy_loss", "losses/value_loss", "losses/entropy", "losses/approx_kl",
            "losses/clip_fraction", "losses/explained_variance", "charts/lr", "time/sps", "episode/return", "episode/length" })
        {
            Assert.Contains(key, events);
            if (!key.StartsWith("episode/")) Assert.Contains(key[(key.IndexOf('/') + 1)..], header);
        }
        Assert.Contains("policy_std", header);
        Assert.Equal("episode,step,return,length,end_reason", File.ReadLines(run.EpisodesCsv).First());

        // A PNG was drawn.
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(run.Curve)[..4]);
    }

    /// <summary>progress.csv without the wall-clock columns (sps, wall_seconds).</summary>
    static string[] Deterministic(string progressCsv) =>
        File.ReadAllLines(progressCsv).Select(l => string.Join(',', l.Split(',')[..^2])).ToArray();

    [Fact]
    public void SameSeedGivesIdenticalProgress()
    {
        using var dir = new TempDir();
        var a = RunDirectory.Create(Path.Combine(dir.Path, "a"));
        var b = RunDirectory.Create(Path.Combine(dir.Path, "b"));
        Trainer.Train(TinyExperiments.Ppo(), a);
        Trainer.Train(TinyExperiments.Ppo(), b);
        Assert.Equal(Deterministic(a.Progress), Deterministic(b.Progress));
        Assert.Equal(File.ReadAllLines(a.EpisodesCsv), File.ReadAllLines(b.EpisodesCsv));

        var c = RunDirectory.Create(Path.Combine(dir.Path, "c"));
        Trainer.Train(TinyExperiments.Ppo(seed: 4), c);
        Assert.NotEqual(Deterministic(a.Progress), Deterministic(c.Progress));
    }

    [Fact]
    public void EvalJsonNamesItsCheckpointRelativeToTheRunSoTheRunCanMove()
    {
        using var dir = new TempDir();
        var run = RunDirectory.Create(Path.Combine(dir.Path, "a"));
        Trainer.Train(TinyExperiments.Ppo(steps: 512), run);
        string moved = Path.Combine(dir.Path, "moved");
        Directory.Move(run.Path, moved);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(moved, "eval.json")));
        string checkpoint = json.RootElement.GetProperty("checkpoint").GetString()!;
        Assert.False(Path.IsPathRooted(checkpoint), checkpoint);
        Assert.True(File.Exists(Path.Combine(moved, checkpoint)), checkpoint);
    }

    [Fact]
    public void ReinforceIsDeterministicToo()
    {
        using var dir = new TempDir();
        var a = RunDirectory.Create(Path.Combine(dir.Path, "a"));
        var b = RunDirectory.Create(Path.Combine(dir.Path, "b"));
        TrainingResult ra = Trainer.Train(TinyExperiments.Reinforce(), a);
        Trainer.Train(TinyExperiments.Reinforce(), b);
        Assert.Equal(20, ra.Episodes);
        Assert.Equal(Deterministic(a.Progress), Deterministic(b.Progress));
    }

    [Fact]
    public void StopRuleEndsTheRun()
    {
        using var dir = new TempDir();
        var run = RunDirectory.Create(Path.Combine(dir.Path, "run"));
        // Any mean return is >= 0, so the run stops as soon as the window is full.
        TrainingResult r = Trainer.Train(TinyExperiments.Ppo(steps: 100_000, extra: "stop: {mean_return: 0, window: 5}"), run);
        Assert.True(r.ReachedTarget);
        Assert.True(r.Steps < 100_000);
        Assert.True(r.Episodes >= 5);
    }
}
