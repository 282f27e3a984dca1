using System.CommandLine;
using RlLab.Agents.Bundles;

namespace RlLab.Cli.Commands;

/// <summary>`rllab export RUN [--checkpoint C] --out agent.safetensors [--description TEXT] [--force]`: one safetensors bundle (docs/bundles.md).</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { HelpName = "RUN", Description = "A run directory (or a .ckpt file)" };
        var checkpoint = new Option<string?>("--checkpoint") { HelpName = "CKPT", Description = "A checkpoint of the run instead of its latest (a path, or a file name in RUN/checkpoints)" };
        var output = new Option<string?>("--out") { HelpName = "FILE", Description = "The bundle to write (default: NAME.safetensors here, NAME the run directory's name)" };
        var description = new Option<string?>("--description") { HelpName = "TEXT", Description = "Free text stored in the bundle's metadata" };
        var force = new Option<bool>("--force") { Description = "Replace an existing bundle at --out" };
        var command = new Command("export", "Write a run's agent as one safetensors bundle") { run, checkpoint, output, description, force };
        Help.Examples(command, "./rllab export runs/cartpole --out cartpole.safetensors", "./rllab export runs/cartpole --checkpoint step-0000050000.ckpt");
        command.SetAction(parse => Run(parse.GetValue(run)!, parse.GetValue(checkpoint), parse.GetValue(output), parse.GetValue(description), parse.GetValue(force)));
        return command;
    }

    static int Run(string run, string? checkpoint, string? output, string? description, bool force)
    {
        if (!File.Exists(run) && !Directory.Exists(run)) throw new UserError($"{run}: no such run or checkpoint");
        output ??= Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(Directory.Exists(run) ? run : Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(run)))!))) + ".safetensors";
        string source = run;
        if (checkpoint is not null)
        {
            string inRun = Path.Combine(run, "checkpoints", checkpoint);
            source = File.Exists(checkpoint) ? checkpoint : File.Exists(inRun) ? inRun : throw new UserError($"--checkpoint: {checkpoint}: no such checkpoint");
        }
        if (source.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)) throw new UserError($"{source}: already a bundle");
        if (!output.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)) throw new UserError($"--out: {output}: a bundle's name ends in .safetensors");
        if (description is { Length: > 10_000 }) throw new UserError("--description: at most 10000 characters");
        // As train never writes over a run: a bundle may be the only copy of an agent.
        if (File.Exists(output) && !force) throw new UserError(CliErrors.WouldOverwrite("--out", output));
        BundleExporter.Export(source, output, description);
        Console.WriteLine($"wrote {output} ({new FileInfo(output).Length} bytes)");
        return 0;
    }
}
