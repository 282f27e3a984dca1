using System.Diagnostics;

namespace RlLab.Leaderboard.Evaluation;

/// <summary>Limits for one evaluation child.</summary>
public sealed record SandboxLimits(long MemoryBytes = 4L << 30, int CpuSeconds = 600, TimeSpan? WallClock = null)
{
    public TimeSpan Wall => WallClock ?? TimeSpan.FromMinutes(15);
}

/// <summary>
/// Wraps the child's command line: a fresh network namespace (unshare --net, as an unprivileged
/// user through a user namespace) where the OS allows one, and prlimit for address space and CPU time.
/// </summary>
public sealed class Sandbox
{
    readonly string[] _netArgs;

    Sandbox(string[] netArgs, bool prlimit) { _netArgs = netArgs; HasPrlimit = prlimit; }

    public bool IsolatesNetwork => _netArgs.Length > 0;
    public bool HasPrlimit { get; }

    public static Sandbox Detect()
    {
        string[] net = Works("unshare", "--net", "--map-root-user", "true") ? ["unshare", "--net", "--map-root-user", "--"]
            : Works("unshare", "--net", "true") ? ["unshare", "--net", "--"] : [];
        return new Sandbox(net, Works("prlimit", "--cpu=5", "true"));
    }

    /// <summary>No wrapping at all (for tests of the limits that apply regardless).</summary>
    public static Sandbox None() => new([], false);

    /// <summary>One line for the start-up log: what isolation is in force.</summary>
    public string Describe() =>
        (IsolatesNetwork ? "evaluations run without network (fresh network namespace)" : "WARNING: this OS refuses a network namespace; evaluations run with the host's network")
        + (HasPrlimit ? "; memory and CPU limited by prlimit" : "; WARNING: prlimit missing, only the wall-clock kill applies");

    public ProcessStartInfo Wrap(IReadOnlyList<string> command, SandboxLimits limits)
    {
        var argv = new List<string>();
        if (HasPrlimit) argv.AddRange(["prlimit", $"--as={limits.MemoryBytes}", $"--cpu={limits.CpuSeconds}:{limits.CpuSeconds + 5}", "--"]);
        argv.AddRange(_netArgs);
        argv.AddRange(command);
        var psi = new ProcessStartInfo(argv[0]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in argv.Skip(1)) psi.ArgumentList.Add(a);
        // .NET needs room for its GC reservation under an address-space limit: give the heap its own cap.
        psi.Environment["DOTNET_GCHeapHardLimit"] = "0x" + (limits.MemoryBytes / 4).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment["DOTNET_GCgen0size"] = "0x4000000";
        // glibc reserves 64 MiB of address space per malloc arena, up to 8 per core: with libtorch's ~2 GiB and the GC's
        // reservation, a few busy threads use up the 4 GiB (a camera agent stepped on two threads failed with "Out of memory.").
        psi.Environment["MALLOC_ARENA_MAX"] = "2";
        return psi;
    }

    static bool Works(string file, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            return p.WaitForExit(5000) && p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }
}
