using System.Diagnostics;
using RlLab.Envs;
using RlLab.Envs.Registry;
using RlLab.Envs.Vector;
using static RlLab.Cli.Commands.BenchEnv;

namespace RlLab.Cli.Commands;

/// <summary>
/// `rllab bench env --env Pong`: agent steps per second of the Pong env in its main settings
/// (MIT 80×80 fast path at frameskip 5, the same through the full RGB pipeline, full RGB frames,
/// the Atari setting), one env on one core and a vector env on every core. Random actions from a
/// fixed table; games end and reset as they would in training.
/// </summary>
public static class BenchPong
{
    sealed record Case(string Name, string Description, Dictionary<string, object?> Options, WrapperSpec[] Wrappers, int Frameskip);

    static Case[] Cases()
    {
        static Dictionary<string, object?> O(string obs, int skip, bool pool) =>
            new() { ["observation"] = obs, ["frameskip"] = skip.ToString(), ["max_pool"] = pool.ToString(), ["sticky_actions"] = "0.25" };
        return
        [
            new("mit80_fs5", "MIT 80x80 binary, drawn directly (fast path), frameskip 5", O("mit", 5, false), [], 5),
            new("mit80_fs5_diff", "MIT 80x80 fast path + frame_difference, frameskip 5", O("mit", 5, false), [new WrapperSpec(WrapperSpec.FrameDifference)], 5),
            new("mit80_fs5_full_pipeline", "RGB frames + mit_preprocess wrapper, frameskip 5", O("rgb", 5, false), [new WrapperSpec(WrapperSpec.MitPreprocess)], 5),
            new("rgb_fs5", "full 210x160 RGB frames, frameskip 5", O("rgb", 5, false), [], 5),
            new("rgb_fs4_maxpool", "full RGB, frameskip 4, max over the last 2 frames (Atari)", O("rgb", 4, true), [], 4),
            new("atari84x4_fs4", "Atari standard: RGB fs4 max-pool + atari_preprocess 84x84 + frame_stack 4", O("rgb", 4, true),
                [new WrapperSpec(WrapperSpec.AtariPreprocess), new WrapperSpec(WrapperSpec.FrameStack, new EnvOptions(new Dictionary<string, object?> { ["k"] = "4" }))], 4),
            new("state_fs4", "state vector, frameskip 4", O("state", 4, true), [], 4),
        ];
    }

    public static EnvBenchReport Run(double seconds, int envs, float[] table, double? load)
    {
        int cores = Environment.ProcessorCount;
        var results = new List<EnvBenchResult>();
        foreach (Case c in Cases())
        {
            var stack = new EnvStack("Pong", new EnvOptions(c.Options), c.Wrappers);
            results.Add(Single(c, stack, seconds, table));
            if (cores > 1) results.Add(Vector(c, stack, seconds, table, envs, cores));
        }
        return new EnvBenchReport("env", "Pong", cores, load, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            System.Runtime.InteropServices.RuntimeInformation.OSDescription, seconds, results);
    }

    static EnvBenchResult Single(Case c, EnvStack stack, double seconds, float[] table)
    {
        IEnv env = stack.Make();
        (long steps, double elapsed) = env switch
        {
            IEnv<byte> b => TimeSingle(b, seconds, table),
            IEnv<float> f => TimeSingle(f, seconds, table),
            _ => throw new NotSupportedException(),
        };
        env.Dispose();
        return Result(c.Name, $"{c.Description}; one env", 1, 1, steps, elapsed, c.Frameskip);
    }

    static (long, double) TimeSingle<T>(IEnv<T> env, double seconds, float[] table) where T : unmanaged
    {
        var obs = new T[env.ObservationSpace.FlatSize];
        env.Reset(obs, 0);
        var action = new float[1];
        int k = 0;
        return Time(seconds, 1024, block =>
        {
            for (int i = 0; i < block; i++)
            {
                action[0] = table[k++ & (table.Length - 1)];
                if (env.Step(action, obs).Done) env.Reset(obs);
            }
        });
    }

    static EnvBenchResult Vector(Case c, EnvStack stack, double seconds, float[] table, int count, int threads)
    {
        using IVectorEnv venv = stack.MakeVector(count, threads);
        venv.Reset(0);
        var actions = new float[count];
        int offset = 0;
        (long calls, double elapsed) = Time(seconds, Math.Max(1, 4096 / count), b =>
        {
            for (int i = 0; i < b; i++)
            {
                for (int e = 0; e < count; e++) actions[e] = table[(offset + e) & (table.Length - 1)];
                offset = (offset + 7919) & (table.Length - 1);
                venv.Step(actions);
            }
        });
        return Result($"{c.Name}_vector", $"{c.Description}; VectorEnv of {count}, {threads} threads", count, threads, calls * count, elapsed, c.Frameskip);
    }

    static EnvBenchResult Result(string name, string description, int envs, int threads, long steps, double elapsed, int frameskip) =>
        new(name, description, envs, threads, steps, Math.Round(elapsed, 3), Math.Round(steps / elapsed), Math.Round(steps / elapsed / threads),
            FramesPerSecPerCore: Math.Round(steps * (double)frameskip / elapsed / threads));

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
}
