using System.CommandLine;
using RlLab.Agents.Bundles;

namespace RlLab.Cli.Commands;

/// <summary>`rllab export RUN [--checkpoint C] --out agent.safetensors [--description TEXT]`: one safetensors bundle (docs/bundles.md).</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A run directory (or a .ckpt file)" };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "A checkpoint of the run instead of its latest (a path, or a file name in RUN/checkpoints)" };
        var output = new Option<string>("--out") { Description = "The bundle to write, e.g. agent.safetensors", Required = true };
        var description = new Option<string?>("--description") { Description = "Free text stored in the bundle's metadata" };
        var command = new Command("export", "Write a run's agent as one safetensors bundle") { run, checkpoint, output, description };
        command.SetAction(parse => Run(parse.GetValue(run)!, parse.GetValue(checkpoint), parse.GetValue(output)!, parse.GetValue(description)));
        return command;
    }

    static int Run(string run, string? checkpoint, string output, string? description)
    {
        if (!File.Exists(run) && !Directory.Exists(run)) throw new UserError($"{run}: no such run or checkpoint");
        string source = run;
        if (checkpoint is not null)
        {
            string inRun = Path.Combine(run, "checkpoints", checkpoint);
            source = File.Exists(checkpoint) ? checkpoint : File.Exists(inRun) ? inRun : throw new UserError($"--checkpoint: {checkpoint}: no such checkpoint");
        }
        if (source.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)) throw new UserError($"{source}: already a bundle");
        if (!output.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)) throw new UserError($"--out: {output}: a bundle's name ends in .safetensors");
        if (description is { Length: > 10_000 }) throw new UserError("--description: at most 10000 characters");
        BundleExporter.Export(source, output, description);
        Console.WriteLine($"wrote {output} ({new FileInfo(output).Length} bytes)");
        return 0;
    }
}
