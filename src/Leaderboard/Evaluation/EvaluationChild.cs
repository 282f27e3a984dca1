using System.Diagnostics;
using System.Text;
using System.Text.Json;
using RlLab.Leaderboard.Races;

namespace RlLab.Leaderboard.Evaluation;

/// <summary>
/// The outcome of one child run: the parsed output, or the reason it failed and whose failure it was.
/// <see cref="ServerFault"/>: nothing shows that the agent broke a limit or threw (a signal from outside,
/// a crash, an unreadable result), so the job runs again and the user is not charged.
/// </summary>
public sealed record ChildOutcome(EvaluationOutput? Output, string? Failure, bool ServerFault = false)
{
    public static ChildOutcome Agent(string why) => new(null, why);

    public static ChildOutcome Server(string why) => new(null, why, ServerFault: true);
}

/// <summary>
/// Runs the hidden evaluation verb as a child process inside the sandbox. The bundle path and the
/// race name go on the command line; the seeds go through stdin so that they never show in `ps`.
/// </summary>
public sealed class EvaluationChild(IReadOnlyList<string> command, Sandbox sandbox, SandboxLimits limits) : IEvaluationBackend
{
    /// <summary>Exit code of the verb when .NET runs out of memory under the limit.</summary>
    public const int OutOfMemoryExit = 3;
    /// <summary>Exit code of the verb for an agent that cannot play (wrong env, bad file).</summary>
    public const int AgentErrorExit = 2;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ChildOutcome> RunAsync(string bundlePath, Race race, IReadOnlyList<int> hiddenSeeds, CancellationToken ct)
    {
        var psi = sandbox.Wrap([.. command, bundlePath, "--race", race.Name], limits);
        using var p = new Process { StartInfo = psi };
        p.Start();
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = new StringBuilder();
        var errTask = Task.Run(async () =>
        {
            string? line;
            while ((line = await p.StandardError.ReadLineAsync(ct)) is not null)
                if (stderr.Length < 4000) stderr.AppendLine(line);
        }, ct);
        try
        {
            await p.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new EvaluationInput(race, hiddenSeeds), Json));
            p.StandardInput.Close();
        }
        catch (IOException) { /* the child died before reading; its exit code tells why */ }

        var cpu = new CpuMeter(p.Id);
        using var stopMeter = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task metering = cpu.RunAsync(TimeSpan.FromMilliseconds(250), stopMeter.Token);
        using var wall = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wall.CancelAfter(limits.Wall);
        bool timedOut = false;
        try { await p.WaitForExitAsync(wall.Token); }
        catch (OperationCanceledException)
        {
            timedOut = !ct.IsCancellationRequested;
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await p.WaitForExitAsync(CancellationToken.None);
            if (!timedOut) throw;
        }
        stopMeter.Cancel();
        await metering;
        string output = await stdout;
        try { await errTask; } catch (OperationCanceledException) { }
        string err = stderr.ToString();
        string memory = $"killed: memory limit of {limits.MemoryBytes >> 20} MiB exceeded";
        // Below the CPU limit, a killed child shows no fault of the agent's: the wall clock ran out on a stalled host, or a signal came from outside.
        if (timedOut) return ChildOutcome.Server($"killed: wall-clock limit of {limits.Wall.TotalSeconds:0} s exceeded after {cpu.Seconds:F1} s of CPU");
        return p.ExitCode switch
        {
            0 => Parse(output),
            OutOfMemoryExit => ChildOutcome.Agent(memory),
            152 or 24 => ChildOutcome.Agent($"killed: CPU time limit of {limits.CpuSeconds} s exceeded"),
            137 or 9 when cpu.Seconds >= limits.CpuSeconds - 1 => ChildOutcome.Agent($"killed: CPU time limit of {limits.CpuSeconds} s exceeded"),
            137 or 9 => ChildOutcome.Server($"killed by SIGKILL from outside after {cpu.Seconds:F1} s of CPU, below the limit of {limits.CpuSeconds} s"),
            // A native allocation refused under the address-space limit (libtorch, the runtime) reports itself on stderr.
            not 0 when RanOutOfMemory(err) => ChildOutcome.Agent(memory),
            AgentErrorExit => ChildOutcome.Agent(LastLine(err) ?? "the agent could not be evaluated"),
            > 128 and < 160 => ChildOutcome.Server($"evaluation killed by signal {p.ExitCode - 128}" + (LastLine(err) is string l ? $": {l}" : "")),
            int code => ChildOutcome.Server($"evaluation crashed (exit {code})" + (LastLine(err) is string l ? $": {l}" : "")),
        };
    }

    static bool RanOutOfMemory(string stderr) =>
        stderr.Contains("OutOfMemory", StringComparison.Ordinal)
        || stderr.Contains("cannot allocate", StringComparison.OrdinalIgnoreCase)
        || stderr.Contains("can't allocate", StringComparison.OrdinalIgnoreCase);

    static string? LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() is string s
            ? (s.StartsWith("error: ", StringComparison.Ordinal) ? s[7..] : s) : null;

    static ChildOutcome Parse(string output)
    {
        try
        {
            var o = JsonSerializer.Deserialize<EvaluationOutput>(output, Json);
            return o is null ? ChildOutcome.Server("evaluation printed no result") : new ChildOutcome(o, null);
        }
        catch (JsonException) { return ChildOutcome.Server("evaluation printed an unreadable result"); }
    }
}
