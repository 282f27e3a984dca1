namespace RlLab.Agents.Tests.Cli;

/// <summary>Every user mistake in an experiment file: exit code 2, one line naming file:line:col and the key, nothing written.</summary>
public sealed class BadYamlTests
{
    const string Good = """
        name: t
        seed: 1
        env:
          id: CartPole
          num_envs: 2
        algo:
          name: ppo
          num_steps: 8
        train:
          total_steps: 64
        """;

    public static TheoryData<string, string, string> Cases => new()
    {
        // name, file text, expected fragment (position and key)
        { "unknown key", Good.Replace("  num_steps: 8", "  num_steps: 8\n  learning_rat: 0.1"), ":9:3: unknown key 'algo.learning_rat'" },
        { "unknown section", Good + "\noptimiser: {}", ":11:1: unknown key 'optimiser'" },
        { "wrong type", Good.Replace("num_steps: 8", "num_steps: eight"), ":8:14: algo.num_steps: expected an integer, got 'eight'" },
        { "wrong type list", Good.Replace("  num_envs: 2", "  num_envs: [2]"), ":5:13: env.num_envs: expected a single value, got a list" },
        { "missing required key", Good.Replace("  id: CartPole\n", ""), ":4:3: missing required key 'env.id'" },
        { "missing name", Good.Replace("name: t\n", ""), ":1:1: missing required key 'name'" },
        { "empty name", Good.Replace("name: t\n", "name: ''\n"), "name: must be 1 to 100 characters (it names the run's folder), got 0" },
        { "long name", Good.Replace("name: t\n", $"name: {new string('n', 101)}\n"), "name: must be 1 to 100 characters (it names the run's folder), got 101" },
        { "out of range", Good.Replace("seed: 1", "seed: 1\n").Replace("algo:\n", "algo:\n  gamma: 1.5\n"), "algo.gamma: 1.5 is out of range [0, 1]" },
        { "bad choice", Good.Replace("name: ppo", "name: dqn"), ":7:9: algo.name: 'dqn' is not one of: ppo, reinforce" },
        { "unknown env", Good.Replace("CartPole", "CartPool"), ":4:3: env.id: unknown env 'CartPool'" },
        { "unknown env option", Good.Replace("  num_envs: 2", "  num_envs: 2\n  options:\n    gravity: 3"), ":7:5: env.options.gravity: unknown option 'gravity' for env CartPole" },
        { "broken yaml", Good.Replace("  num_envs: 2", "  num_envs: [2"), "invalid YAML" },
        { "not a mapping", "- just\n- a list\n", ":1:1: an experiment must be a mapping" },
        { "reinforce key on ppo", Good.Replace("  num_steps: 8", "  num_steps: 8\n  normalize_returns: true"), "algo.normalize_returns: is a REINFORCE setting; ppo does not use it" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadFileFailsWithOneLine(string name, string yaml, string expected)
    {
        using var dir = new TempDir();
        string file = dir.File("exp.yaml", yaml);
        var r = CliProcess.Run(dir.Path, "train", file, "--set", "train.runs_dir=" + Path.Combine(dir.Path, "runs"));
        Assert.StartsWith($"error: {file}:", CliProcess.AssertUserError(r, expected, name));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "runs")), "nothing may be written to the runs folder");
    }

    [Fact]
    public void MissingFileFails()
    {
        using var dir = new TempDir();
        var r = CliProcess.Run(dir.Path, "train", "nope.yaml");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: nope.yaml:1:1: no such file", r.Stderr.Trim());
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "runs")));
    }

    [Fact]
    public void BadOverrideNamesTheKey()
    {
        using var dir = new TempDir();
        string file = dir.File("exp.yaml", Good);
        var r = CliProcess.Run(dir.Path, "train", file, "--set", "algo.lr=fast");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("algo.lr: expected a number, got 'fast'", r.Stderr);
    }

    [Fact]
    public void MissingCheckpointFails()
    {
        using var dir = new TempDir();
        var r = CliProcess.Run(dir.Path, "eval", Path.Combine(dir.Path, "no-such-run"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no-such-run: no such run or checkpoint", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void CorruptCheckpointFails()
    {
        using var dir = new TempDir();
        string file = dir.File("bad.ckpt", "garbage");
        var r = CliProcess.Run(dir.Path, "eval", file);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not an RlLab checkpoint", r.Stderr);
    }
}
