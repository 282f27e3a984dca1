namespace RlLab.Sim;

/// <summary>Whether a process id names a running process: files named after a dead writer's PID are leftovers.</summary>
public static class LiveProcess
{
    public static bool Exists(int pid)
    {
        if (pid <= 0) return false;
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }
}
