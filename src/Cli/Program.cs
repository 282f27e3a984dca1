using System.CommandLine;
using RlLab.Cli.Commands;

namespace RlLab.Cli;

public static class Program
{
    public static int Main(string[] args) => Run(args);

    /// <summary>Entry point also used in-process by the tests.</summary>
    public static int Run(string[] args)
    {
        RootCommand root = BuildRoot();
        // Our guard, not System.CommandLine's handler, decides what a user error looks like.
        int code = CliErrors.Guard(() =>
        {
            // A bare `./rllab` shows the help, as a newcomer expects; any other mistake is one line.
            ParseResult parse = root.Parse(args.Length == 0 ? ["--help"] : args);
            if (parse.Errors.Count > 0) return CliErrors.ParseError(parse);
            RlLab.Envs.Plugins.EnvAssemblies.LoadFromEnvironment();
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        });
        RlLab.Agents.Devices.DeviceChooser.Settle();
        return code;
    }

    /// <summary>Every verb; also walked by the test that checks docs/cli.md.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("RlLab: reinforcement learning and a fast 2D driving simulator in .NET\n\n" +
            "Start with README.md (quick start); every verb and option: docs/cli.md; envs: docs/envs/; experiment files: docs/experiments.md");
        // One line per verb; each lives in its own file under Commands/.
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(PlotCommand.Create());
        root.Subcommands.Add(WatchCommand.Create());
        root.Subcommands.Add(DriveCommand.Create());
        root.Subcommands.Add(PlayCommand.Create());
        root.Subcommands.Add(MatchCommand.Create());
        root.Subcommands.Add(RecordCommand.Create());
        root.Subcommands.Add(EnvsCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(SimCommand.Create());
        root.Subcommands.Add(CheckEnvCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(SubmitCommand.Create());
        root.Subcommands.Add(StandingsCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(MatchChildCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        Help.Install(root);
        return root;
    }
}
