using RlLab.Sim;
using System.Collections.Concurrent;
using System.Globalization;
using RlLab.Agents.Training;
using RlLab.Cluster.Grains;
using RlLab.Cluster.Trials;

namespace RlLab.Cluster.Tests;

/// <summary>
/// A short fake trial with the files of a real one: progress.csv a row a step, a checkpoint and
/// checkpoints/latest after every step, continued from the checkpoint on resume. Its mean return
/// is seed × 10 + step, so results are known.
/// </summary>
sealed class FakeTrialRunner : ITrialRunner
{
    public const int Steps = 10;
    public static readonly TimeSpan StepTime = TimeSpan.FromMilliseconds(150);
    public const string Header = "iteration,step,mean_return,wall_seconds";

    /// <summary>Every attempt started, with the step it started from (0: from scratch).</summary>
    public static readonly ConcurrentBag<(string Trial, int Attempt, int FromStep)> Starts = [];

    public async Task<int> RunAsync(TrialAssignment a, string dir, bool resume, CancellationToken cancel)
    {
        int seed = int.Parse(a.Overrides.Last(o => o.StartsWith("seed=", StringComparison.Ordinal))[5..], CultureInfo.InvariantCulture);
        string progress = Path.Combine(dir, "progress.csv"), checkpoints = Path.Combine(dir, "checkpoints");
        int from = 0;
        if (resume)
        {
            string latest = File.ReadAllText(Path.Combine(checkpoints, "latest")).Trim();
            from = int.Parse(latest["step-".Length..^".ckpt".Length], CultureInfo.InvariantCulture);
            // As the real trainer does: rows past the checkpoint are dropped.
            File.WriteAllLines(progress, File.ReadAllLines(progress).Take(from + 1));
        }
        else
        {
            Directory.CreateDirectory(checkpoints);
            File.WriteAllText(Path.Combine(dir, "config.yaml"), $"name: fake\nseed: {seed}\n");
            File.WriteAllText(progress, Header + "\n");
        }
        Starts.Add((a.TrialId, a.Attempt, from));
        for (int step = from + 1; step <= Steps; step++)
        {
            await Task.Delay(StepTime, cancel);
            File.AppendAllText(progress, string.Create(CultureInfo.InvariantCulture, $"{step},{step},{seed * 10 + step},{step * 0.15}\n"));
            string name = $"step-{step:D4}.ckpt";
            AtomicFile.WriteAllBytes(Path.Combine(checkpoints, name), new byte[1000 + step]);
            AtomicFile.WriteAllText(Path.Combine(checkpoints, "latest"), name + "\n");
        }
        return 0;
    }
}
