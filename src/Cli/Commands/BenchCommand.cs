using System.CommandLine;

namespace RlLab.Cli.Commands;

/// <summary>`rllab bench &lt;what&gt; --json`: throughput figures. Each target lives in its own file.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure throughput and print it (JSON with --json)");
        // One line per benchmark target: BenchEnv (env), BenchSim (sim), BenchViewer (viewer).
        command.Subcommands.Add(BenchEnv.Create());
        command.Subcommands.Add(BenchSim.Create());
        command.Subcommands.Add(BenchViewer.Create());
        command.Subcommands.Add(BenchServe.Create());
        return command;
    }
}
