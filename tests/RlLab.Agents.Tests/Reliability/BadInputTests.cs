using RlLab.Agents.Tests.Cli;

namespace RlLab.Agents.Tests.Reliability;

/// <summary>
/// Inputs that crashed a verb with a stack trace (#27 items 13 and 14): each is now one line, exit 2,
/// and nothing is written.
/// </summary>
public sealed class BadInputTests
{
    public static TheoryData<string, string[], string> Cases => new()
    {
        { "plot --window -5", ["plot", "run", "--window", "-5", "--out", "p.png"], "error: --window: -5 must be 1 to 1000000 episodes" },
        { "plot over random bytes", ["plot", "run", "--out", "p.png"], "episodes.csv:2: not an episodes row" },
        { "sim obs --scale 100000", ["sim", "obs", "--scale", "100000", "--out", "o.png"], "error: --scale: 100000 makes a" },
        { "serve --urls notaurl", ["serve", "--data", "lb", "--urls", "notaurl"], "error: --urls notaurl: not an http:// or https:// URL" },
        { "bench sim --threads -1", ["bench", "sim", "--threads", "-1"], "error: --threads: -1 must be 0 (every core) to 1024" },
        { "eval --seed 2147483647 --episodes 3", ["eval", "b.safetensors", "--seed", "2147483647", "--episodes", "3"], "error: --seed 2147483647 --episodes 3: the seeds would pass 2147483647; start lower" },
        { "worker --cluster to a closed port", ["worker", "--cluster", "redis://127.0.0.1:1", "--slots", "1"], "error: --cluster redis://127.0.0.1:1: could not join the cluster (It was not possible to connect to the redis server(s)); is Redis running there?" },
        { "submit --server notaurl", ["submit", "b.safetensors", "--race", "cartpole", "--server", "notaurl"], "error: --server notaurl: not an http:// or https:// URL" },
        // #27 item 15: said as the key or option the user gave, not as the OS's message about a temporary file.
        { "train.runs_dir under /proc", ["train", "run/config.yaml", "--set", "train.runs_dir=/proc/rllab-runs"], "error: train.runs_dir /proc/rllab-runs: cannot create a folder there (" },
        { "train.runs_dir naming a file", ["train", "run/config.yaml", "--set", "train.runs_dir=b.safetensors"], "error: train.runs_dir b.safetensors: is a file, not a folder" },
        { "algo.num_steps over train.total_steps", ["train", "run/config.yaml", "--set", "train.total_steps=16", "--set", "algo.num_steps=64"], "algo.num_steps: 64 is more than train.total_steps (16): one rollout would pass the whole budget" },
        { "sim render --export under a file", ["sim", "render", "--track", "oval", "--out", "t.png", "--export", "b.safetensors/x.track"], "error: --export b.safetensors/x.track: cannot write it (" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void OneLineExit2NothingWritten(string name, string[] args, string expected)
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "run"));
        dir.File("run/config.yaml", "name: r\nseed: 1\nenv: {id: CartPole}\n");
        var bytes = new byte[4096];
        new Random(27).NextBytes(bytes);
        File.WriteAllBytes(Path.Combine(dir.Path, "run", "episodes.csv"), [.. "episode,step,return\n"u8, .. bytes]);
        dir.File("b.safetensors", "");
        string[] before = Directory.GetFileSystemEntries(dir.Path, "*", SearchOption.AllDirectories).Order().ToArray();

        var r = CliProcess.Run(dir.Path, args);
        CliProcess.AssertUserError(r, expected, name);
        Assert.Equal(before, Directory.GetFileSystemEntries(dir.Path, "*", SearchOption.AllDirectories).Order().ToArray());
    }
}
