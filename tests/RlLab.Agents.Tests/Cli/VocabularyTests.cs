using System.CommandLine;
using System.CommandLine.Help;
using System.Text.Json;
using RlLab.Agents.Evaluation;
using RlLab.Agents.Policies;
using RlLab.Agents.Tests.Training;
using RlLab.Agents.Training;
using RlLab.Cli;
using RlLab.Cli.Commands;
using RlLab.Envs;

namespace RlLab.Agents.Tests.Cli;

/// <summary>One vocabulary across verbs: the episode selector, --seed, --help, and eval's output.</summary>
public sealed class VocabularyTests
{
    static readonly string[] Samples = ["7", "1000-1019", "1,5,9", "oval", "experiments/tracks/circuit.track", "3, 9-11, oval", "-4"];

    /// <summary>Each verb's path, with a stand-in value for each of its arguments, so that it parses.</summary>
    static string[] Invocation(Command command, string path) =>
        [.. path.Split(' '), .. command.Arguments.Select(_ => "x")];

    [Fact]
    public void The_same_selector_parses_the_same_in_every_verb()
    {
        RootCommand root = Program.BuildRoot();
        var seen = new List<string>();
        // The verbs that play episodes (sweep's --seeds are training seeds, another list).
        string[] playing = ["eval", "watch", "record", "drive", "play", "sim render", "sim obs"];
        foreach (var (command, path) in CliReference.Verbs(root).Where(v => playing.Contains(v.Path)))
        {
            foreach (Option option in command.Options.Where(o => o.Name is "--seeds" or "--tracks" or "--track"))
            {
                // One spelling, one type, one parser: the shared selector options.
                Assert.IsType<Option<EpisodeSelector?>>(option);
                seen.Add($"{path} {option.Name}");
                foreach (string text in Samples)
                {
                    ParseResult parse = root.Parse([.. Invocation(command, path), option.Name, text]);
                    Assert.True(parse.Errors.Count == 0, $"{path} {option.Name} {text}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
                    EpisodeSelector value = parse.GetValue((Option<EpisodeSelector?>)option)!;
                    Assert.Equal(EpisodeSelector.Parse(text).Items, value.Items);
                }
                ParseResult bad = root.Parse([.. Invocation(command, path), option.Name, "9-3"]);
                Assert.Contains(bad.Errors, e => e.Message.Contains("runs backwards", StringComparison.Ordinal));
            }
            foreach (Option option in command.Options.Where(o => o.Name == "--seed"))
            {
                Assert.IsType<Option<int?>>(option);
                seen.Add($"{path} --seed");
            }
        }
        // Every verb that plays episodes takes them.
        foreach (string expected in new[] { "eval --seeds", "eval --tracks", "eval --seed", "watch --track", "watch --seed", "record --track", "record --seed",
                     "drive --track", "drive --seed", "play --seed", "sim render --track", "sim obs --track" })
            Assert.Contains(expected, seen);
    }

    [Fact]
    public void The_selector_expands_ranges_and_keeps_names()
    {
        EpisodeSelector s = EpisodeSelector.Parse("3, 9-11, oval");
        Assert.Equal([new SelectorItem(3, null), new(9, null), new(10, null), new(11, null), new(null, "oval")], s.Items);
        Assert.Equal("3_9-11_oval", s.Label);
        Assert.Equal("circuit", EpisodeSelector.Parse("experiments/tracks/circuit.track").Label);
        Assert.Throws<FormatException>(() => s.Seeds());
        Assert.Equal([-4], EpisodeSelector.Parse("-4").Seeds());
        Assert.Throws<FormatException>(() => EpisodeSelector.Parse(" , "));
        string many = string.Join(',', Enumerable.Range(0, 40).Select(i => i * 3));
        Assert.InRange(EpisodeSelector.Parse(many).Label.Length, 1, 64);
        Assert.NotEqual(EpisodeSelector.Parse(many).Label, EpisodeSelector.Parse(many + ",1").Label);
    }

    [Fact]
    public void Every_verb_has_an_example_and_named_placeholders()
    {
        RootCommand root = Program.BuildRoot();
        var problems = new List<string>();
        foreach (var (command, path) in CliReference.Verbs(root))
        {
            string help = HelpOf(root, path);
            if (!help.Contains("Example", StringComparison.Ordinal) || !help.Contains("  ./rllab ", StringComparison.Ordinal) && !help.Contains("  xvfb-run -a ./rllab ", StringComparison.Ordinal))
                problems.Add($"{path}: no example");
            if (!help.Contains("docs/cli.md", StringComparison.Ordinal)) problems.Add($"{path}: no pointer to docs/cli.md");
            foreach (Option o in command.Options.Where(o => o is not HelpOption && o.ValueType != typeof(bool)))
            {
                string bare = o.Name.TrimStart('-');
                if (o.HelpName is null || o.HelpName == bare || help.Contains($"<{bare}>", StringComparison.Ordinal))
                    problems.Add($"{path} {o.Name}: placeholder <{o.HelpName ?? bare}>");
            }
            foreach (Argument a in command.Arguments)
                if (a.HelpName is null) problems.Add($"{path} <{a.Name}>: no HelpName");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Contains("docs/cli.md", HelpOf(root, ""));
    }

    static string HelpOf(RootCommand root, string path)
    {
        var output = new StringWriter();
        ParseResult parse = root.Parse(path.Length == 0 ? ["--help"] : [.. path.Split(' '), "--help"]);
        Assert.Equal(0, parse.Invoke(new InvocationConfiguration { Output = output }));
        return output.ToString();
    }

    /// <summary>record and watch play, for seed S, the very episode that eval scored for seed S (the library functions they call).</summary>
    [Fact]
    public void Record_plays_the_episode_eval_scored()
    {
        using var dir = new TempDir();
        var run = RunDirectory.Create(Path.Combine(dir.Path, "run"));
        Trainer.Train(TinyExperiments.Ppo(steps: 512), run);
        using LoadedPolicy policy = LoadedPolicy.Load(run.Path);
        int first = Evaluator.DefaultSeed(policy.Config, 0);
        int[] seeds = [first, first + 1, 4242];
        // --max-steps means the same cap (the env option max_steps) on both paths.
        var capped = EvalCommand.EnvOverrides(null, 400);
        EvalSummary eval = Evaluator.Run(policy.Config, policy.Network, policy.Device, policy.Path, seeds.Length, true, _ => capped, policy.ObservationStatistics, seeds);

        Assert.Equal(eval.Rows[2].Return, PlayOne(run.Path, seed: 4242, maxSteps: 400).Return);
        // With no --seed, episode k of record is eval's default episode k.
        var (r0, r1) = PlayTwo(run.Path, seed: null, maxSteps: 400);
        Assert.Equal((eval.Rows[0].Return, eval.Rows[0].Length), (r0.Return, r0.Length));
        Assert.Equal((eval.Rows[1].Return, eval.Rows[1].Length), (r1.Return, r1.Length));
        // The comparison can fail: the seeds play episodes of different lengths.
        Assert.True(eval.Rows.Select(r => r.Length).Distinct().Count() > 1, string.Join(", ", eval.Rows.Select(r => r.Length)));
    }

    static EpisodeInfo PlayOne(string run, int? seed, int maxSteps) => PlayTwo(run, seed, maxSteps, episodes: 1).First;

    static (EpisodeInfo First, EpisodeInfo Second) PlayTwo(string run, int? seed, int maxSteps, int episodes = 2)
    {
        using var session = PolicySession.Open(run, "checkpoint", null, stochastic: false, seed, maxSteps);
        var done = new List<EpisodeInfo>();
        while (done.Count < episodes)
        {
            if (session.Runner.Step().Done) { done.Add(session.Runner.LastEpisode); session.Runner.Reset(); }
        }
        return (done[0], episodes > 1 ? done[1] : default);
    }

    [Fact]
    public void Eval_writes_eval_selector_json_and_keeps_training_eval()
    {
        using var dir = new TempDir();
        var run = RunDirectory.Create(Path.Combine(dir.Path, "run"));
        Trainer.Train(TinyExperiments.Ppo(), run);
        byte[] training = File.ReadAllBytes(run.Eval);

        Assert.Equal(0, Program.Run(["eval", run.Path, "--seeds", "1000-1002"]));
        string written = Path.Combine(run.Path, "eval-1000-1002.json");
        using (JsonDocument doc = JsonDocument.Parse(File.ReadAllText(written)))
        {
            Assert.Equal(3, doc.RootElement.GetProperty("episodes").GetInt32());
            Assert.Equal([1000, 1001, 1002], doc.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("seed").GetInt32()));
        }
        Assert.Equal(0, Program.Run(["eval", run.Path, "--seed", "5", "--episodes", "2", "--stochastic"]));
        Assert.True(File.Exists(Path.Combine(run.Path, "eval-5-6-stochastic.json")));
        string chosen = Path.Combine(dir.Path, "mine.json");
        Assert.Equal(0, Program.Run(["eval", run.Path, "--seeds", "7", "--out", chosen]));
        Assert.True(File.Exists(chosen));
        Assert.False(File.Exists(Path.Combine(run.Path, "eval-7.json")));
        Assert.Equal(training, File.ReadAllBytes(run.Eval));
        Assert.Equal(2, Program.Run(["eval", run.Path, "--seeds", "oval"]));
        Assert.Equal(2, Program.Run(["eval", run.Path, "--seeds", "1", "--seed", "1"]));
    }
}
