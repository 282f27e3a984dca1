using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using System.Text;

namespace RlLab.Cli;

/// <summary>
/// The generated part of docs/cli.md: the vocabulary table and, per verb, its description, examples
/// and a table of every option. A test checks that the doc contains exactly this, so the doc and the
/// code cannot disagree.
/// </summary>
public static class CliReference
{
    /// <summary>The one meaning of each option that several verbs share.</summary>
    public static readonly IReadOnlyDictionary<string, string> Vocabulary = new Dictionary<string, string>
    {
        ["--out"] = "The thing the verb writes (a run directory, a JSON, a PNG, a video, a bundle); the default is in each verb's help",
        ["--seed"] = "Env seed of the first episode; episode k is reset with SEED + k. Default: the run's evaluation seeds, so that record and watch play what eval scored",
        ["--seeds"] = $"Many seeds, one episode (eval) or one training run (sweep) each: {Selectors.Syntax} (seeds only)",
        ["--track"] = "Driving: one track, a seed or a track name/file (sim render: several make a contact sheet)",
        ["--tracks"] = $"Driving: many episodes, one per track: {Selectors.Syntax}",
        ["--episodes"] = "How many episodes to play",
        ["--max-steps"] = "The episode cap: sets the env option max_steps for every episode",
        ["--size"] = "A picture, window or video size, WxH in pixels",
        ["--stochastic"] = "Sample actions instead of taking the mean/most likely one",
        ["--policy"] = "checkpoint (the trained policy) or scripted (a built-in controller)",
        ["--camera"] = "follow, overview, or auto",
        ["--frames"] = "Quit after N frames (for scripts; with --screenshot)",
        ["--screenshot"] = "Save the last frame as this PNG",
        ["--set"] = "KEY=VALUE: an experiment key in train, an env option in sim obs and check-env (repeatable)",
        ["--steps"] = "Steps to take: centreline steps (sim obs), random-action steps per check (check-env)",
        ["--json"] = "Print the figures as JSON",
        ["--seconds"] = "Seconds per measurement (bench serve: longest load time)",
        ["--envs"] = "Envs in the vector env",
        ["--assembly"] = "Load envs from your own .NET assembly first (repeatable)",
        ["--data"] = "The leaderboard's folder",
        ["--race"] = $"A leaderboard race: {RlLab.Leaderboard.Races.RaceCatalog.KindsText}",
        ["--server"] = "The leaderboard's URL",
        ["--agent"] = "A run or checkpoint to play against",
        ["--metric"] = "What to plot instead of the return: an episodes.csv column (plot), an evaluation summary of a sweep (eval)",
        ["--games"] = "Pong games to play in a match, in pairs on one seed with the sides swapped",
        ["--points"] = "Points that win a Pong game (the env option points_to_win)",
        ["--grid"] = "A key and its values; every combination runs (sweep)",
        ["--slots"] = "Trials at once in this process (sweep, worker)",
        ["--cluster"] = "An Orleans cluster on Redis, redis://HOST:PORT (sweep, worker)",
        ["--resume"] = "Continue what was interrupted: a run (train) or a sweep (sweep)",
        ["--checkpoint"] = "A checkpoint of the run instead of its latest",
        ["--cluster"] = "A cluster's address, redis://HOST:PORT (docs/scaling.md)",
        ["--slots"] = "Trials at once in this process",
        ["--resume"] = "Continue what was interrupted, from what it saved: a run (train) or a sweep (sweep)",
    };

    /// <summary>Every documented verb with its path ("sim render"): leaves, and groups that have options of their own.</summary>
    public static IEnumerable<(Command Command, string Path)> Verbs(Command root)
    {
        foreach (Command sub in root.Subcommands.Where(s => !s.Hidden))
            foreach (var v in Walk(sub, sub.Name)) yield return v;
    }

    static IEnumerable<(Command, string)> Walk(Command c, string path)
    {
        foreach (Command sub in c.Subcommands.Where(s => !s.Hidden))
            foreach (var v in Walk(sub, $"{path} {sub.Name}")) yield return v;
        if (c.Subcommands.Count == 0 || c.Options.Any(o => o is not HelpOption)) yield return (c, path);
    }

    /// <summary>The placeholder of an option as help prints it, or "flag" for a switch.</summary>
    public static string Value(Option o) => o.ValueType == typeof(bool) ? "flag" : $"`<{o.HelpName}>`";

    public static string VocabularyTable(Command root)
    {
        var uses = new SortedDictionary<string, List<(string Verb, Option Option)>>(StringComparer.Ordinal);
        foreach (var (command, path) in Verbs(root))
            foreach (Option o in command.Options.Where(o => o is not HelpOption))
                (uses.TryGetValue(o.Name, out var list) ? list : uses[o.Name] = []).Add((path, o));
        var sb = new StringBuilder("| option | value | meaning, the same in every verb | verbs |\n| --- | --- | --- | --- |\n");
        foreach (var (name, list) in uses.Where(u => u.Value.Count > 1))
        {
            string values = string.Join(", ", list.Select(u => Value(u.Option)).Distinct());
            string meaning = Vocabulary.TryGetValue(name, out string? m) ? m : "(missing: add it to CliReference.Vocabulary)";
            sb.Append(CultureInfo.InvariantCulture, $"| `{name}` | {values} | {Cell(meaning)} | {string.Join(", ", list.Select(u => u.Verb))} |\n");
        }
        return sb.ToString();
    }

    /// <summary>A verb's heading, description, examples and option table.</summary>
    public static string Section(Command command, string path)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"## `./rllab {path}`\n\n{command.Description}\n\n");
        IReadOnlyList<string> examples = Help.ExamplesOf(command);
        if (examples.Count > 0) sb.Append("```bash\n").AppendJoin('\n', examples).Append("\n```\n\n");
        sb.Append("| option or argument | value | default | meaning |\n| --- | --- | --- | --- |\n");
        foreach (Argument a in command.Arguments)
            sb.Append(CultureInfo.InvariantCulture, $"| `{a.Name}` | `<{a.HelpName ?? a.Name}>` argument |  | {Cell(a.Description)} |\n");
        foreach (Option o in command.Options.Where(o => o is not HelpOption))
        {
            string fallback = o.HasDefaultValue && o.ValueType != typeof(bool) ? Cell(Convert.ToString(o.GetDefaultValue(), CultureInfo.InvariantCulture)) : "";
            sb.Append(CultureInfo.InvariantCulture, $"| `{o.Name}`{(o.Required ? " (required)" : "")} | {Value(o)} | {fallback} | {Cell(o.Description)} |\n");
        }
        return sb.ToString();
    }

    static string Cell(string? text) => (text ?? "").Replace("\n", " ", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);
}
