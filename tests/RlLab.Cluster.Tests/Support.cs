using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RlLab.Cluster.Tests;

/// <summary>A scratch folder deleted after the test.</summary>
sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rllab-cluster-test-" + Guid.NewGuid().ToString("N")[..8]));
    public string Path { get; }
    public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
}

/// <summary>The repository (for experiments/) and the real `rllab` next to the tests.</summary>
static class Repo
{
    public static string Root
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
                if (File.Exists(System.IO.Path.Combine(d.FullName, "RlLab.sln"))) return d.FullName;
            throw new InvalidOperationException("no RlLab.sln above the test folder");
        }
    }

    public static string CartPole => System.IO.Path.Combine(Root, "experiments", "cartpole-ppo.yaml");

    public static string Dll => System.IO.Path.Combine(AppContext.BaseDirectory, "rllab.dll");

    /// <summary>A small real CartPole PPO budget: seconds a trial, a checkpoint to resume from every 256 steps.</summary>
    public static readonly string[] TinyBudget =
        ["--set", "train.total_steps=1024", "--set", "train.checkpoint_every=256", "--set", "train.eval_episodes=1", "--set", "stop.mean_return=100000"];

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

/// <summary>`dotnet rllab.dll ...` as a child process whose output is collected; killed (with -9) on Dispose.</summary>
sealed class CliChild : IDisposable
{
    readonly System.Text.StringBuilder output = new();

    public CliChild(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Repo.Root };
        info.ArgumentList.Add(Repo.Dll);
        foreach (string a in args) info.ArgumentList.Add(a);
        Process = Process.Start(info)!;
        Process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public string Output { get { lock (output) return output.ToString(); } }

    /// <summary>kill -9: no handler runs, as when a machine dies.</summary>
    public void Kill9() { if (!Process.HasExited) { Process.Kill(entireProcessTree: false); Process.WaitForExit(); } }

    public int Wait(TimeSpan limit)
    {
        if (!Process.WaitForExit(limit)) throw new TimeoutException($"rllab did not finish in {limit}:\n{Output}");
        Process.WaitForExit();
        return Process.ExitCode;
    }

    public void Dispose() { Kill9(); Process.Dispose(); }
}

static class Poll
{
    /// <summary>Waits for a condition, failing with <paramref name="what"/> after the limit (a hang guard, not a timing assert).</summary>
    public static void Until(Func<bool> condition, TimeSpan limit, Func<string> what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit) throw new TimeoutException(what());
            Thread.Sleep(200);
        }
    }
}

/// <summary>redis-server (Debian's, installed by scripts/setup.sh) on a free loopback port, stopped on Dispose.</summary>
sealed class RedisServer : IDisposable
{
    readonly System.Diagnostics.Process process;

    public RedisServer()
    {
        Port = Repo.FreePort();
        var info = new System.Diagnostics.ProcessStartInfo("redis-server") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
            info.ArgumentList.Add(a);
        process = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start (scripts/setup.sh installs it)");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        Poll.Until(Accepts, TimeSpan.FromSeconds(30), () => "redis-server does not accept connections");
    }

    public int Port { get; }

    bool Accepts()
    {
        try { using var c = new TcpClient(); c.Connect("127.0.0.1", Port); return true; }
        catch (SocketException) { return false; }
    }

    public void Dispose()
    {
        if (!process.HasExited) { process.Kill(); process.WaitForExit(); }
        process.Dispose();
    }
}
