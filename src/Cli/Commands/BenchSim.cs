using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using RlLab.Envs;
using RlLab.Envs.Driving;
using RlLab.Envs.Registry;
using RlLab.Envs.Vector;

namespace RlLab.Cli.Commands;

/// <summary>
/// `rllab bench sim`: Driving env steps per second for each observation mode (state, lidar 32 rays,
/// topdown 64×64, camera 64×64, camera 200×320), and the state, lidar, topdown and camera modes in
/// traffic at the reference density (2 lanes, 10 cars and 2 obstacles per km; state with the 4 nearest
/// objects): one env on one thread ("per core"), and a VectorEnv on every core. The scripted centreline driver keeps the car on the road, so the
/// figures include the physics, the rules, the sensor and the resets at the 1000-step time-out.
/// </summary>
public static class BenchSim
{
    public sealed record SimBenchResult(string Mode, string Options, double PerCoreStepsPerSec, int VectorEnvs, int Threads, double VectorStepsPerSec, double VectorStepsPerSecPerCore);

    public sealed record SimBenchReport(string Benchmark, int Processors, double? LoadAverage, string Runtime, string Os, bool Avx2, double SecondsPerMeasurement, IReadOnlyList<SimBenchResult> Results);

    static readonly (string Mode, Dictionary<string, object?> Options)[] Modes =
    [
        ("state", new() { ["observation"] = "state" }),
        ("lidar_32", new() { ["observation"] = "lidar", ["rays"] = "32" }),
        ("topdown_64x64", new() { ["observation"] = "topdown", ["width"] = "64", ["height"] = "64" }),
        ("camera_64x64", new() { ["observation"] = "camera", ["width"] = "64", ["height"] = "64" }),
        ("camera_200x320", new() { ["observation"] = "camera", ["width"] = "320", ["height"] = "200" }),
        ("state_traffic", Traffic(new() { ["observation"] = "state", ["nearest_objects"] = "4" })),
        ("lidar_32_traffic", Traffic(new() { ["observation"] = "lidar", ["rays"] = "32" })),
        ("topdown_64x64_traffic", Traffic(new() { ["observation"] = "topdown", ["width"] = "64", ["height"] = "64" })),
        ("camera_64x64_traffic", Traffic(new() { ["observation"] = "camera", ["width"] = "64", ["height"] = "64" })),
    ];

    /// <summary>The reference traffic of docs/traffic.md added to a mode's options.</summary>
    static Dictionary<string, object?> Traffic(Dictionary<string, object?> options)
    {
        foreach (var (key, value) in DrivingConfig.ReferenceTraffic) options[key] = value;
        return options;
    }

    static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON" };
        var seconds = new Option<double>("--seconds") { HelpName = "SECONDS", Description = "Seconds per measurement", DefaultValueFactory = _ => 2.0 };
        var envs = new Option<int>("--envs") { HelpName = "N", Description = "Envs in the vector env (0: 4 per thread)", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { HelpName = "N", Description = "Vector env threads (0: every core)", DefaultValueFactory = _ => 0 };
        var only = new Option<string?>("--mode") { HelpName = "MODE", Description = "Only this mode (state, lidar_32, topdown_64x64, camera_64x64, camera_200x320, and in traffic state_traffic, lidar_32_traffic, topdown_64x64_traffic, camera_64x64_traffic)" };
        var command = new Command("sim", "Driving simulator steps/s per observation mode: one core and the vector env");
        Help.Examples(command, "./rllab bench sim --json", "./rllab bench sim --mode camera_64x64 --threads 2");
        foreach (Option o in new Option[] { json, seconds, envs, threads, only }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            double s = parse.GetValue(seconds);
            if (!(s > 0 && s <= 600)) throw new UserError($"--seconds: {s} is outside (0, 600]");
            int t = parse.GetValue(threads);
            if (t is < 0 or > 1024) throw new UserError($"--threads: {t} must be 0 (every core) to 1024");
            if (t == 0) t = Environment.ProcessorCount;
            int n = parse.GetValue(envs);
            if (n <= 0) n = 4 * t;
            string? mode = parse.GetValue(only);
            if (mode is not null && !Modes.Any(m => m.Mode == mode)) throw new UserError($"--mode: unknown mode '{mode}'");
            SimBenchReport report = Run(s, n, t, mode);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
            else
                foreach (var r in report.Results)
                    Console.WriteLine($"{r.Mode,-16} one core {r.PerCoreStepsPerSec,12:N0} steps/s   vector ({r.VectorEnvs} envs, {r.Threads} threads) {r.VectorStepsPerSec,12:N0} steps/s");
            return 0;
        });
        return command;
    }

    public static SimBenchReport Run(double seconds, int envs, int threads, string? only = null)
    {
        double? load = LoadAverage();
        var results = new List<SimBenchResult>();
        foreach (var (mode, options) in Modes)
        {
            if (only is not null && mode != only) continue;
            IEnv probe = Make(options);
            (double single, double vector) = probe switch
            {
                IEnv<float> f => (Single(f, seconds), Vector<float>(options, envs, threads, seconds)),
                IEnv<byte> b => (Single(b, seconds), Vector<byte>(options, envs, threads, seconds)),
                _ => throw new InvalidOperationException(),
            };
            string described = string.Join(", ", options.Select(kv => $"{kv.Key}: {kv.Value}"));
            results.Add(new SimBenchResult(mode, described, Math.Round(single), envs, threads, Math.Round(vector), Math.Round(vector / threads)));
        }
        return new SimBenchReport("sim", Environment.ProcessorCount, load, RuntimeInformation.FrameworkDescription,
            RuntimeInformation.OSDescription, System.Runtime.Intrinsics.X86.Avx2.IsSupported, seconds, results);
    }

    static IEnv Make(Dictionary<string, object?> options) => EnvRegistry.Default.Make("Driving", new EnvOptions(options));

    static double Single<T>(IEnv<T> env, double seconds) where T : unmanaged
    {
        var obs = new T[env.ObservationSpace.FlatSize];
        var action = new float[2];
        DrivingCore core = ((IDrivingEnv)env).Core;
        env.Reset(obs, 0);
        return Time(seconds, 256, block =>
        {
            for (int i = 0; i < block; i++)
            {
                CentrelineDriver.Act(core, action);
                if (env.Step(action, obs).Done) env.Reset(obs);
            }
        });
    }

    static double Vector<T>(Dictionary<string, object?> options, int envs, int threads, double seconds) where T : unmanaged
    {
        using var vec = new VectorEnv<T>(_ => (IEnv<T>)Make(options), envs, threads);
        var cores = Enumerable.Range(0, envs).Select(i => ((IDrivingEnv)vec[i]).Core).ToArray();
        var actions = new float[envs * vec.ActionSize];
        var one = new float[2];
        vec.Reset(0);
        double stepsPerSec = Time(seconds, 16, block =>
        {
            for (int k = 0; k < block; k++)
            {
                for (int i = 0; i < envs; i++)
                {
                    CentrelineDriver.Act(cores[i], one);
                    actions[i] = one[0];
                }
                vec.Step(actions);
            }
        });
        return stepsPerSec * envs;
    }

    /// <summary>Calls of <paramref name="run"/>(block) per second, after a short warm-up (JIT tiers, track grids).</summary>
    static double Time(double seconds, int block, Action<int> run)
    {
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < Math.Min(0.5, seconds / 2)) run(block);
        long calls = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            run(block);
            calls += block;
        }
        return calls / sw.Elapsed.TotalSeconds;
    }

    static double? LoadAverage()
    {
        try { return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return null; }
    }
}
