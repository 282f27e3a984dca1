using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using RlLab.Envs;
using RlLab.Envs.Classic;
using RlLab.Envs.Registry;
using RlLab.Envs.Vector;

namespace RlLab.Cli.Commands;

/// <summary>
/// `rllab bench env`: CartPole steps per second for one env (raw and through the registry's
/// wrapper stack) and for the vector env on one thread and on every core. Actions come from a
/// fixed pseudo-random table so that episodes end (about every 20 steps) and autoresets are timed too.
/// </summary>
public static class BenchEnv
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON" };
        var seconds = new Option<double>("--seconds") { HelpName = "SECONDS", Description = "Seconds per measurement", DefaultValueFactory = _ => 2.0 };
        var envs = new Option<int>("--envs") { HelpName = "N", Description = "Envs in the vector env", DefaultValueFactory = _ => 64 };
        var envId = new Option<string>("--env") { HelpName = "ID", Description = "CartPole or Pong", DefaultValueFactory = _ => "CartPole" };
        var command = new Command("env", "Env steps/s (CartPole or Pong): single env and vector env (1 thread and all threads)");
        Help.Examples(command, "./rllab bench env --json", "./rllab bench env --env Pong --envs 16 --seconds 5");
        command.Options.Add(envId);
        command.Options.Add(json);
        command.Options.Add(seconds);
        command.Options.Add(envs);
        command.SetAction(parse =>
        {
            double s = parse.GetValue(seconds);
            int n = parse.GetValue(envs);
            if (!(s > 0 && s <= 600)) throw new UserError($"--seconds: {s} is outside (0, 600]");
            if (n < 1 || n > 1 << 20) throw new UserError($"--envs: {n} is outside [1, 1048576]");
            string id = parse.GetValue(envId) ?? "CartPole";
            EnvBenchReport report = id.ToLowerInvariant() switch
            {
                "cartpole" => Run(s, n),
                "pong" => BenchPong.Run(s, n == 64 ? 16 : n, ActionTable(6), LoadAverage()),
                _ => throw new UserError($"--env: '{id}' is not one of: CartPole, Pong"),
            };
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
            else Print(report);
            return 0;
        });
        return command;
    }

    static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,   // keep '+' and '<' readable
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>FramesPerSecPerCore: emulated frames (steps × frameskip), for envs with a frameskip (Pong).</summary>
    public sealed record EnvBenchResult(string Name, string Description, int Envs, int Threads, long Steps, double Seconds, double StepsPerSec, double StepsPerSecPerCore,
        double? FramesPerSecPerCore = null);

    /// <summary>LoadAverage: the 1-minute load before the run (Linux), since other processes skew the figures.</summary>
    public sealed record EnvBenchReport(string Benchmark, string Env, int Processors, double? LoadAverage, string Runtime, string Os, double SecondsPerMeasurement, IReadOnlyList<EnvBenchResult> Results);

    const int ActionTableSize = 1 << 16;

    public static EnvBenchReport Run(double seconds, int envs)
    {
        float[] table = ActionTable();
        int cores = Environment.ProcessorCount;
        double? load = LoadAverage();
        var results = new List<EnvBenchResult>
        {
            SingleRaw(seconds, table),
            Single(seconds, table),
            Vector("vector_raw", "VectorEnv of bare CartPoles, 1 thread", seconds, table, envs, 1, wrapped: false),
            Vector("vector", "VectorEnv of registry stacks (TimeLimit + EpisodeStatistics), 1 thread", seconds, table, envs, 1, wrapped: true),
        };
        if (cores > 1)
            results.Add(Vector("vector_all_threads", $"VectorEnv of registry stacks, {cores} threads", seconds, table, envs, cores, wrapped: true));
        return new EnvBenchReport("env", "CartPole", cores, load, RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription, seconds, results);
    }

    internal static double? LoadAverage()
    {
        try
        {
            string text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>0/1 actions from a fixed xorshift stream: cheap to read, and the pole falls now and then.</summary>
    /// <summary>Actions in [0, n) from the same stream (Pong: 6).</summary>
    internal static float[] ActionTable(int n)
    {
        float[] bits = ActionTable();
        uint x = 88172645;
        for (int i = 0; i < bits.Length; i++)
        {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            bits[i] = (x >> 8) % (uint)n;
        }
        return bits;
    }

    static float[] ActionTable()
    {
        var table = new float[ActionTableSize];
        uint x = 2463534242;
        for (int i = 0; i < table.Length; i++)
        {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            table[i] = x >> 31;
        }
        return table;
    }

    /// <summary>The sealed CartPole called directly: the JIT can inline its Step.</summary>
    static EnvBenchResult SingleRaw(double seconds, float[] table)
    {
        var env = new CartPole();
        var obs = new float[4];
        env.Reset(obs, 0);
        (long steps, double elapsed) = Time(seconds, 1 << 16, block =>
        {
            ReadOnlySpan<float> actions = table;
            for (int i = 0; i < block; i++)
                if (env.Step(actions.Slice(i & (ActionTableSize - 1), 1), obs).Done)
                    env.Reset(obs);
        });
        return Result("single_raw", "one bare CartPole, direct calls", 1, 1, steps, elapsed);
    }

    /// <summary>The registry stack (TimeLimit + EpisodeStatistics) through the IEnv interface.</summary>
    static EnvBenchResult Single(double seconds, float[] table)
    {
        using IEnv<float> env = new EnvStack("CartPole").Make<float>();
        var obs = new float[4];
        env.Reset(obs, 0);
        (long steps, double elapsed) = Time(seconds, 1 << 16, block =>
        {
            ReadOnlySpan<float> actions = table;
            for (int i = 0; i < block; i++)
                if (env.Step(actions.Slice(i & (ActionTableSize - 1), 1), obs).Done)
                    env.Reset(obs);
        });
        return Result("single", "one registry stack (TimeLimit + EpisodeStatistics) via IEnv<float>", 1, 1, steps, elapsed);
    }

    static EnvBenchResult Vector(string name, string description, double seconds, float[] table, int count, int threads, bool wrapped)
    {
        using VectorEnv<float> venv = wrapped
            ? new EnvStack("CartPole").MakeVector<float>(count, threads)
            : new VectorEnv<float>(_ => new CartPole(), count, threads);
        venv.Reset(0);
        // Each call reads a different window of the table (wrapping around, so the table can be small).
        float[] actions = new float[count];
        int block = Math.Max(1, (1 << 16) / count);
        int offset = 0;
        (long calls, double elapsed) = Time(seconds, block, b =>
        {
            for (int i = 0; i < b; i++)
            {
                for (int e = 0; e < actions.Length; e++) actions[e] = table[(offset + e) & (ActionTableSize - 1)];
                offset = (offset + 7919) & (ActionTableSize - 1);
                venv.Step(actions);
            }
        });
        return Result(name, description, count, venv.Threads, calls * count, elapsed);
    }

    static EnvBenchResult Result(string name, string description, int envs, int threads, long steps, double elapsed) =>
        new(name, description, envs, threads, steps, Math.Round(elapsed, 3), Math.Round(steps / elapsed), Math.Round(steps / elapsed / threads));

    /// <summary>Warms up for a tenth of the time, then runs blocks until <paramref name="seconds"/> have passed.</summary>
    static (long Count, double Seconds) Time(double seconds, int block, Action<int> run)
    {
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < seconds / 10) run(block);
        long count = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            run(block);
            count += block;
        }
        while (clock.Elapsed.TotalSeconds < seconds);
        return (count, clock.Elapsed.TotalSeconds);
    }

    static void Print(EnvBenchReport report)
    {
        Console.WriteLine($"{report.Env} on {report.Processors} cores (load {report.LoadAverage?.ToString("0.00") ?? "?"}), {report.Runtime}");
        foreach (EnvBenchResult r in report.Results)
            Console.WriteLine($"{r.Name,-20} {r.StepsPerSec,14:N0} steps/s  {r.StepsPerSecPerCore,14:N0} per core  ({r.Envs} envs, {r.Threads} threads)");
    }
}
