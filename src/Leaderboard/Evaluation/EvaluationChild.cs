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
public sealed class EvaluationChild(IReadOnlyList<string> command, Sandbox sandbox, SandboxLimits limits) : IEvaluationBackend, IMatchBackend
{
    /// <summary>Exit code of the verb when .NET runs out of memory under the limit.</summary>
    public const int OutOfMemoryExit = 3;
    /// <summary>Exit code of the verb for an agent that cannot play (wrong env, bad file).</summary>
    public const int AgentErrorExit = 2;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ChildOutcome> RunAsync(string bundlePath, Race race, IReadOnlyList<int> hiddenSeeds, CancellationToken ct)
    {
        var (exit, output, err, timedOut, cpu) = await RunChildAsync([.. command, bundlePath, "--race", race.Name],
            JsonSerializer.Serialize(new EvaluationInput(race, hiddenSeeds), Json), ct);
        string memory = $"killed: memory limit of {limits.MemoryBytes >> 20} MiB exceeded";
        // Below the CPU limit, a killed child shows no fault of the agent's: the wall clock ran out on a stalled host, or a signal came from outside.
        if (timedOut) return ChildOutcome.Server($"killed: wall-clock limit of {limits.Wall.TotalSeconds:0} s exceeded after {cpu:F1} s of CPU");
        return exit switch
        {
            0 => Parse(output),
            OutOfMemoryExit => ChildOutcome.Agent(memory),
            152 or 24 => ChildOutcome.Agent($"killed: CPU time limit of {limits.CpuSeconds} s exceeded"),
            137 or 9 when cpu >= limits.CpuSeconds - 1 => ChildOutcome.Agent($"killed: CPU time limit of {limits.CpuSeconds} s exceeded"),
            137 or 9 => ChildOutcome.Server($"killed by SIGKILL from outside after {cpu:F1} s of CPU, below the limit of {limits.CpuSeconds} s"),
            // A native allocation refused under the address-space limit (libtorch, the runtime) reports itself on stderr.
            not 0 when RanOutOfMemory(err) => ChildOutcome.Agent(memory),
            AgentErrorExit => ChildOutcome.Agent(LastLine(err) ?? "the agent could not be evaluated"),
            > 128 and < 160 => ChildOutcome.Server($"evaluation killed by signal {exit - 128}" + (LastLine(err) is string l ? $": {l}" : "")),
            int code => ChildOutcome.Server($"evaluation crashed (exit {code})" + (LastLine(err) is string l ? $": {l}" : "")),
        };
    }

    /// <summary>
    /// Plays a league match in one child: both bundles on the command line, the league, the seed and each
    /// agent's thinking time on stdin. An agent's failure comes back as the output's forfeit; any other
    /// failure (a limit broken outside an agent's policy calls, a crash, a kill) names no agent, so it is the
    /// server's: the match runs again and nobody is charged.
    /// </summary>
    public async Task<MatchChildOutcome> PlayAsync(string firstBundle, string secondBundle, Race league, int seed, CancellationToken ct)
    {
        // Each agent may spend 40 % of the child's CPU limit inside its policy: both together stay below the limit.
        var input = new MatchInput(league, seed, limits.CpuSeconds * 0.4);
        var (code, output, err, timedOut, cpu) = await RunChildAsync([.. MatchCommand(command), firstBundle, secondBundle, "--race", league.Name],
            JsonSerializer.Serialize(input, Json), ct);
        if (timedOut) return MatchChildOutcome.Server($"killed: wall-clock limit of {limits.Wall.TotalSeconds:0} s exceeded after {cpu:F1} s of CPU");
        if (code != 0) return MatchChildOutcome.Server($"the match child ended with exit {code}" + (LastLine(err) is string l ? $": {l}" : ""));
        try
        {
            var o = JsonSerializer.Deserialize<MatchOutput>(output, Json);
            return o is null ? MatchChildOutcome.Server("the match child printed no result") : new MatchChildOutcome(o, null, false);
        }
        catch (JsonException) { return MatchChildOutcome.Server("the match child printed an unreadable result"); }
    }

    /// <summary>The match verb's command line: the evaluation verb's, with <see cref="MatchVerb"/> in place of <see cref="EvaluateVerb"/>.</summary>
    static IReadOnlyList<string> MatchCommand(IReadOnlyList<string> evaluate) =>
        evaluate.Contains(EvaluateVerb) ? [.. evaluate.Select(a => a == EvaluateVerb ? MatchVerb : a)] : [.. evaluate, MatchVerb];

    /// <summary>The hidden verbs of `rllab` that the server runs as children.</summary>
    public const string EvaluateVerb = "__evaluate", MatchVerb = "__match";

    /// <summary>Runs one sandboxed child: its exit code, stdout, the head of its stderr, whether the wall clock killed it, and its CPU seconds.</summary>
    async Task<(int Code, string Stdout, string Stderr, bool TimedOut, double Cpu)> RunChildAsync(IReadOnlyList<string> argv, string stdin, CancellationToken ct)
    {
        var psi = sandbox.Wrap(argv, limits);
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
            await p.StandardInput.WriteLineAsync(stdin);
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
        return (p.ExitCode, output, stderr.ToString(), timedOut, cpu.Seconds);
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
