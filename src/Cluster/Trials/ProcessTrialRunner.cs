using System.Diagnostics;
using RlLab.Cluster.Grains;

namespace RlLab.Cluster.Trials;

/// <summary>
/// A trial as a child process of the same CLI: `dotnet rllab.dll train EXPERIMENT --set ... --out DIR --quiet`,
/// or `train --resume DIR --quiet`. A small bash wrapper ends the child when this process dies
/// (kill -9 leaves no orphan training on the worker's cores).
/// </summary>
public sealed class ProcessTrialRunner(string cliDll) : ITrialRunner
{
    const string Watchdog =
        "w=$1; shift; \"$@\" & c=$!; " +
        "while kill -0 \"$w\" 2>/dev/null && kill -0 \"$c\" 2>/dev/null; do sleep 1; done; " +
        "kill -0 \"$c\" 2>/dev/null && kill -TERM \"$c\"; wait \"$c\"";

    public async Task<int> RunAsync(TrialAssignment a, string runDirectory, bool resume, CancellationToken cancel)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "-c", Watchdog, "bash", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "dotnet", cliDll, "train" })
            start.ArgumentList.Add(arg);
        if (resume)
        {
            start.ArgumentList.Add("--resume");
            start.ArgumentList.Add(runDirectory);
        }
        else
        {
            start.ArgumentList.Add(a.Experiment);
            foreach (string set in a.Overrides) { start.ArgumentList.Add("--set"); start.ArgumentList.Add(set); }
            start.ArgumentList.Add("--out");
            start.ArgumentList.Add(runDirectory);
        }
        start.ArgumentList.Add("--quiet");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        // The child's output goes to its log file; read the pipes so that it never blocks on them.
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task<string> stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        string error = (await stderr).Trim();
        await stdout;
        if (process.ExitCode != 0 && error.Length > 0)
            await File.WriteAllTextAsync(Path.Combine(runDirectory, "trial-error.txt"), error + "\n", CancellationToken.None);
        return process.ExitCode;
    }
}
