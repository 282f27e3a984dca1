using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace RlLab.Cli;

/// <summary>
/// Examples under each verb's --help, and the pointer to docs/cli.md. System.CommandLine 2.0 has no
/// examples section, so the help option's action is extended: the default help, then ours.
/// </summary>
public static class Help
{
    static readonly ConditionalWeakTable<Command, string[]> Table = [];

    public const string DocsPointer = "Every verb and option: docs/cli.md";

    /// <summary>Attaches example command lines to <paramref name="command"/>'s help.</summary>
    public static void Examples(Command command, params string[] lines) => Table.AddOrUpdate(command, lines);

    public static IReadOnlyList<string> ExamplesOf(Command command) => Table.TryGetValue(command, out string[]? lines) ? lines : [];

    /// <summary>Replaces the root's help action (it applies to every verb) with the one that adds examples.</summary>
    public static void Install(RootCommand root)
    {
        foreach (Option option in root.Options)
            if (option is HelpOption { Action: HelpAction inner } help)
                help.Action = new WithExamples(inner);
    }

    sealed class WithExamples(HelpAction inner) : SynchronousCommandLineAction
    {
        /// <summary>As HelpAction: `eval --help` shows help, not "required argument missing".</summary>
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            int code = inner.Invoke(parseResult);
            TextWriter output = parseResult.InvocationConfiguration.Output;
            Command command = parseResult.CommandResult.Command;
            IReadOnlyList<string> lines = ExamplesOf(command);
            if (lines.Count > 0)
            {
                output.WriteLine(lines.Count == 1 ? "Example:" : "Examples:");
                foreach (string line in lines) output.WriteLine($"  {line}");
                output.WriteLine();
            }
            if (command is not RootCommand) output.WriteLine($"{DocsPointer}#{Anchor(parseResult.CommandResult)}");
            return code;
        }
    }

    /// <summary>The GitHub-style anchor of the verb's heading in docs/cli.md ("## `./rllab sim render`").</summary>
    static string Anchor(System.CommandLine.Parsing.CommandResult result) => "rllab-" + CliErrors.CommandPath(result).Replace(' ', '-');
}
