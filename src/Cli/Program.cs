using System.CommandLine;
using RlLab.Cli.Commands;

namespace RlLab.Cli;

public static class Program
{
    public static int Main(string[] args) => Run(args);

    /// <summary>Entry point also used in-process by the tests.</summary>
    public static int Run(string[] args)
    {
        var root = new RootCommand("RlLab: reinforcement learning and a fast 2D driving simulator in .NET");
        // One line per verb; each lives in its own file under Commands/.
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(PlotCommand.Create());
        root.Subcommands.Add(WatchCommand.Create());
        root.Subcommands.Add(DriveCommand.Create());
        root.Subcommands.Add(PlayCommand.Create());
        root.Subcommands.Add(RecordCommand.Create());
        root.Subcommands.Add(EnvsCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(SimCommand.Create());
        // Our guard, not System.CommandLine's handler, decides what a user error looks like.
        return CliErrors.Guard(() => root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
    }
}
