using System.Diagnostics;

namespace RlLab.Agents.Tests.Cli;

/// <summary>Runs the real `rllab` from the test output folder as a child process.</summary>
static class CliProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Process Start(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "rllab.dll"));
        foreach (string a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    /// <summary>A user error as the CLI must report it: exit 2, one line on stderr containing <paramref name="expected"/>, no stack trace. Returns the line.</summary>
    public static string AssertUserError(Result r, string expected, string? name = null)
    {
        Assert.True(r.ExitCode == 2, $"{name}: exit {r.ExitCode}\n{r.Stderr}\n{r.Stdout}");
        string line = r.Stderr.Trim();
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.True(line.Contains(expected, StringComparison.Ordinal), $"{name}: '{expected}' not in: {line}");
        return line;
    }

    public static Result Run(string workingDirectory, params string[] args)
    {
        using Process p = Start(workingDirectory, args);
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3))) { p.Kill(entireProcessTree: true); throw new TimeoutException("rllab did not finish"); }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>A scratch folder deleted after the test.</summary>
sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rllab-test-" + Guid.NewGuid().ToString("N")[..8]));
    public string Path { get; }
    public string File(string name, string text)
    {
        string p = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(p, text);
        return p;
    }
    public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
}
