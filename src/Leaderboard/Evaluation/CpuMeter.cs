using System.Globalization;

namespace RlLab.Leaderboard.Evaluation;

/// <summary>
/// The CPU seconds a child has used, sampled from /proc while it runs: after a SIGKILL the kernel
/// keeps no record we can read, and this is the evidence of whether the agent reached its CPU limit
/// (its fault) or was killed below it (the host's: the OOM killer, an operator).
/// </summary>
public sealed class CpuMeter(int pid)
{
    const double TicksPerSecond = 100; // USER_HZ: 100 on every Linux ABI .NET runs on

    /// <summary>The largest reading so far, in seconds (the child and its reaped children).</summary>
    public double Seconds { get; private set; }

    public void Sample()
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which may hold spaces: state is [0], utime [11], stime [12], cutime [13], cstime [14].
            string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double ticks = 0;
            for (int i = 11; i <= 14; i++) ticks += double.Parse(f[i], CultureInfo.InvariantCulture);
            Seconds = Math.Max(Seconds, ticks / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // The child is gone: the last reading stands.
        }
    }

    /// <summary>Samples every <paramref name="period"/> until <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(TimeSpan period, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            do Sample();
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) { }
    }
}
