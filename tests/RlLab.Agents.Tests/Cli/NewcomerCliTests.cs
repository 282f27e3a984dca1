using System.CommandLine;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RlLab.Agents.Tests.Cli;

/// <summary>The newcomer's path: parse errors, env pages, the env checker and custom envs through the real `rllab`.</summary>
public sealed class NewcomerCliTests
{
    static string TestEnvs => Path.Combine(AppContext.BaseDirectory, "RlLab.TestEnvs.dll");

    static CliProcess.Result RunWith(string dir, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "rllab.dll"));
        foreach (string a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment) info.Environment[k] = v;
        using Process p = Process.Start(info)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync(), stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3))) { p.Kill(entireProcessTree: true); throw new TimeoutException("rllab did not finish"); }
        return new CliProcess.Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    [Theory]
    [InlineData("trian")]
    [InlineData("eval")]
    [InlineData("record", "run", "--episodes", "many")]
    [InlineData("envs", "CartPole", "extra")]
    public void A_parse_error_is_one_line_and_a_hint_with_exit_2(params string[] args)
    {
        var r = CliProcess.Run(Path.GetTempPath(), args);
        Assert.Equal(2, r.ExitCode);
        string[] lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("error: ", lines[0]);
        Assert.StartsWith("hint: ./rllab", lines[1]);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Envs_with_an_id_prints_the_page()
    {
        var r = CliProcess.Run(Path.GetTempPath(), "envs", "CartPole");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("# CartPole", r.Stdout);
        Assert.Contains("## Episode end", r.Stdout);
        var bad = CliProcess.Run(Path.GetTempPath(), "envs", "Nope");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("unknown env 'Nope'", bad.Stderr);
    }

    [Fact]
    public void Check_env_passes_on_driving_camera_and_loads_an_assembly()
    {
        var r = CliProcess.Run(Path.GetTempPath(), "check-env", "Driving", "--set", "observation=camera", "--set", "randomize.noise=4", "--steps", "60");
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("Driving: every check passed", r.Stdout);
        var custom = CliProcess.Run(Path.GetTempPath(), "check-env", "--assembly", TestEnvs, "Corridor");
        Assert.True(custom.ExitCode == 0, custom.Stdout + custom.Stderr);
        var listed = CliProcess.Run(Path.GetTempPath(), "envs", "--assembly", TestEnvs);
        Assert.Contains("Corridor", listed.Stdout);
        Assert.Contains("Constant", listed.Stdout);
        var missing = CliProcess.Run(Path.GetTempPath(), "envs", "--assembly", "nope.dll");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("env assembly not found: nope.dll", missing.Stderr);
    }

    [Fact]
    public void A_custom_env_from_a_test_assembly_trains()
    {
        using var dir = new TempDir();
        string yaml = dir.File("corridor.yaml", """
            name: corridor
            seed: 1
            env: {id: Corridor, num_envs: 4, options: {length: 6}}
            policy: {hidden: [16]}
            algo: {name: ppo, num_steps: 32, epochs: 4, minibatches: 1, lr: 0.01}
            train: {total_steps: 4096, threads: 1, eval_episodes: 4}
            """);
        string run = Path.Combine(dir.Path, "run");
        var r = RunWith(dir.Path, new Dictionary<string, string> { ["RLLAB_ENV_ASSEMBLIES"] = TestEnvs }, "train", yaml, "--out", run, "--quiet");
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        // Walking right from the left half of a 6-cell corridor: the best return is 1 − 0.01·5; random walks lose far more.
        Match m = Regex.Match(r.Stdout, @"evaluation: mean return (-?[0-9.]+)");
        Assert.True(m.Success, r.Stdout);
        Assert.True(double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0.9, r.Stdout);
        Assert.True(File.Exists(Path.Combine(run, "episodes.csv")));
    }

    [Fact]
    public void Env_assembly_in_the_yaml_is_found_next_to_the_file_and_stays_with_the_run()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "exp", "envs"));
        File.Copy(TestEnvs, Path.Combine(dir.Path, "exp", "envs", "RlLab.TestEnvs.dll"));
        string yaml = dir.File("exp/corridor.yaml", """
            name: corridor
            env: {id: Corridor, assembly: envs/RlLab.TestEnvs.dll, num_envs: 2, options: {length: 4}}
            policy: {hidden: [8]}
            algo: {name: ppo, num_steps: 32, epochs: 1, minibatches: 1}
            train: {total_steps: 256, threads: 1, eval_episodes: 1}
            """);
        string run = Path.Combine(dir.Path, "run");
        // Run from another folder and without RLLAB_ENV_ASSEMBLIES: the path is relative to the YAML.
        var trained = RunWith(Path.GetTempPath(), new Dictionary<string, string>(), "train", yaml, "--out", run, "--quiet");
        Assert.True(trained.ExitCode == 0, trained.Stdout + trained.Stderr);
        // The run's config.yaml keeps the full path, so eval in a fresh process finds the env again.
        var evaluated = RunWith(Path.GetTempPath(), new Dictionary<string, string>(), "eval", run, "--episodes", "1");
        Assert.True(evaluated.ExitCode == 0, evaluated.Stdout + evaluated.Stderr);

        string missing = dir.File("exp/missing.yaml", "name: m\nenv: {id: Corridor, assembly: envs/Nope.dll}\n");
        var bad = RunWith(Path.GetTempPath(), new Dictionary<string, string>(), "train", missing, "--out", Path.Combine(dir.Path, "bad"), "--quiet");
        Assert.Equal(2, bad.ExitCode);
        Assert.Matches(@"^error: .*missing\.yaml:2:.*env\.assembly.*Nope\.dll", bad.Stderr.Trim());
        Assert.Single(bad.Stderr.Trim().Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "bad")));
    }

    /// <summary>
    /// docs/cli.md holds, word for word, the vocabulary table and each verb's generated section (description,
    /// examples, a row per option with its placeholder, default and meaning); prose may follow a table.
    /// With RLLAB_WRITE_CLI_REFERENCE=FILE the test writes the expected text there, to paste.
    /// </summary>
    [Fact]
    public void Cli_doc_lists_every_option_of_every_verb()
    {
        string repo = TestPaths.Repo();
        string doc = File.ReadAllText(Path.Combine(repo, "docs", "cli.md"));
        RootCommand root = RlLab.Cli.Program.BuildRoot();
        var expected = new List<string> { RlLab.Cli.CliReference.VocabularyTable(root) };
        expected.AddRange(RlLab.Cli.CliReference.Verbs(root).Select(v => RlLab.Cli.CliReference.Section(v.Command, v.Path)));
        if (Environment.GetEnvironmentVariable("RLLAB_WRITE_CLI_REFERENCE") is { Length: > 0 } dump) File.WriteAllText(dump, string.Join("\n", expected));
        Assert.DoesNotContain("(missing: add it to CliReference.Vocabulary)", expected[0]);
        var missing = expected.Where(e => !doc.Contains(e, StringComparison.Ordinal)).Select(e => e.Split('\n')[0]).ToList();
        Assert.True(missing.Count == 0, "docs/cli.md differs from the code in: " + string.Join(", ", missing));
    }
}
