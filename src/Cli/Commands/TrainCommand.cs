using RlLab.Sim;
using System.CommandLine;
using RlLab.Agents.Config;
using RlLab.Agents.Evaluation;
using RlLab.Agents.Training;
using RlLab.Envs.Plugins;
using Spectre.Console;

namespace RlLab.Cli.Commands;

/// <summary>`rllab train &lt;yaml&gt; [--set key=value]... [--resume &lt;run&gt;] [--out &lt;dir&gt;]`.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("experiment") { HelpName = "EXPERIMENT.yaml", Description = "Experiment YAML file (optional with --resume)", Arity = ArgumentArity.ZeroOrOne };
        var set = new Option<string[]>("--set") { HelpName = "KEY=VALUE", Description = "Override a value, e.g. --set algo.lr=1e-4 (repeatable)", AllowMultipleArgumentsPerToken = false };
        var resume = new Option<string?>("--resume") { HelpName = "RUN", Description = "Continue the run directory RUN from its latest checkpoint" };
        var output = new Option<string?>("--out") { HelpName = "RUN", Description = "The run directory to write (default: runs/NAME-TIME, NAME the experiment's name)" };
        var quiet = new Option<bool>("--quiet") { Description = "Only print the summary" };
        var profile = new Option<bool>("--profile") { Description = "Write a wall-time breakdown (env step, inference, backward, …) to profile.json in the run directory" };

        var command = new Command("train", "Train an agent from an experiment file") { file, set, resume, output, quiet, profile };
        Help.Examples(command, "./rllab train experiments/cartpole-ppo.yaml --out runs/cartpole", "./rllab train experiments/cartpole-ppo.yaml --set algo.lr=1e-3 --set seed=2", "./rllab train --resume runs/cartpole", "./rllab train experiments/cartpole-ppo.yaml --profile");
        command.SetAction(parse => Run(parse.GetValue(file), parse.GetValue(set) ?? [], parse.GetValue(resume), parse.GetValue(output), parse.GetValue(quiet), parse.GetValue(profile)));
        return command;
    }

    /// <summary>Records an evaluation episode of each video checkpoint into videos/; a missing display or ffmpeg is said once, then videos stop.</summary>
    static Action<string, int> VideoRecorder(RunDirectory run)
    {
        bool failed = false;
        return (checkpoint, iteration) =>
        {
            if (failed) return;
            try
            {
                Directory.CreateDirectory(run.Videos);
                RecordCommand.RecordCheckpoint(checkpoint, Path.Combine(run.Videos, $"update-{iteration:D6}.mp4"));
            }
            catch (UserError e)
            {
                failed = true;
                Console.Error.WriteLine($"note: no training videos: {e.Message}");
            }
        };
    }

    static int Run(string? file, string[] overrides, string? resume, string? output, bool quiet, bool profile)
    {
        Agents.Diagnostics.WallProfile.Enabled = profile;
        Agents.Devices.DeviceChooser.Preload();
        if (file is null && resume is null) throw new UserError("train: give an experiment file, or --resume <run>");
        if (file is not null && resume is not null)
            throw new UserError($"train: give {file} or --resume {resume}, not both (a resumed run keeps its own config.yaml; change it with --set)");
        if (resume is not null && output is not null) throw new UserError("train: --out does not apply to --resume (the run continues in its own folder)");
        if (resume is not null && !RunDirectory.IsRun(resume)) throw new UserError($"{resume}: not a run directory (no config.yaml)");
        // One process per run folder: a second --resume would interleave two trajectories' checkpoints.
        using FolderLock? resumeLock = resume is not null ? FolderLock.Acquire(resume, "run") : null;

        // Everything is validated before anything is written.
        string configPath = resume is not null ? Path.Combine(resume, "config.yaml") : file!;
        ExperimentConfig config = resume is not null && File.Exists(configPath)
            ? ConfigLoader.ParseStored(File.ReadAllText(configPath), configPath, overrides) : ConfigLoader.Load(configPath, overrides);
        Agents.Diagnostics.WallProfile.Mark("config_loaded");
        using TrainingSetup setup = Trainer.Prepare(config, configPath);
        Agents.Diagnostics.WallProfile.Mark("setup_built");
        if (resume is not null) Trainer.CheckResume(setup, resume);
        // Ctrl+C or SIGTERM: the first stops cleanly (a final checkpoint; an evaluation stops), a second exits at once.
        using var interrupts = new Interrupts("stopping cleanly (the run stays resumable)");
        if (resume is not null && Trainer.FinishedReason(resume, config) is string done)
        {
            var finished = new RunDirectory(resume);
            EvalSummary? final;
            try { final = Trainer.CompleteFinishedRun(setup, finished, interrupts.Token); }
            catch (OperationCanceledException)
            {
                Console.WriteLine($"{resume}: stopped its final evaluation; {ResumeHint(finished)} runs it");
                return 0;
            }
            if (final is not null)
            {
                Console.WriteLine($"{resume}: the run had finished ({done}) without its final evaluation; evaluated it now");
                Console.WriteLine($"evaluation: mean return {final.MeanReturn:F1} ± {final.StdReturn:F1} over {final.Episodes} episodes -> {finished.Eval}");
                return 0;
            }
            Console.WriteLine($"{resume}: the run already finished ({done}); nothing to do (raise train.total_steps with --set to continue it)");
            return 0;
        }
        bool existed = output is not null && Directory.Exists(output);
        RunDirectory run = resume is not null ? new RunDirectory(resume)
            : output is not null ? RunDirectory.Create(output)
            : RunDirectory.CreateNew(config.Train.RunsDir, config.Name, DateTime.Now);
        using FolderLock? newLock = resume is null ? FolderLock.Acquire(run.Path, "run") : null;

        if (!quiet) Console.WriteLine($"run: {run.Path}");
        // Said once, before the progress bar starts, so it does not tear the live display.
        if (setup.DeviceNote is string note) (quiet ? Console.Error : Console.Out).WriteLine($"note: {note}");
        TrainingResult result;
        try
        {
            result = Display.WithProgress(quiet, config.Name, report =>
                Trainer.Train(setup, run, resume, new TrainingCallbacks
                {
                    Progress = report,
                    Notice = note => Console.Error.WriteLine($"note: {note}"),
                    RecordVideo = config.Train.VideoEverySteps > 0 ? VideoRecorder(run) : null,
                }, interrupts.Token));
        }
        catch (Exception e) when (PluginFailure(e) is PluginEnvException failure)
        {
            throw new UserError(AfterPluginFailure(failure, run, fresh: resume is null, createdFolder: !existed));
        }

        Console.WriteLine($"stopped: {result.StopReason} ({result.SecondsFromProcessStart:F1} s after launch, start-up included)");
        Console.WriteLine($"{result.Steps:N0} steps, {result.Episodes:N0} episodes in {result.WallSeconds:F1} s; mean return (last {config.Stop.Window}) {result.MeanReturn:F1}");
        if (result.Eval is { } eval)
            Console.WriteLine($"evaluation: mean return {eval.MeanReturn:F1} ± {eval.StdReturn:F1} over {eval.Episodes} episodes -> {run.Eval}");
        if (result.EvalStopped) Console.WriteLine($"evaluation: stopped; {ResumeHint(run)} runs it");
        Console.WriteLine($"curve: {run.Curve}");
        if (profile)
        {
            string path = Path.Combine(run.Path, "profile.json");
            Agents.Diagnostics.WallProfile.Write(path, result.SecondsFromProcessStart, result.Steps);
            Console.WriteLine($"profile: {path}");
        }
        return 0;
    }

    static string ResumeHint(RunDirectory run) => $"./rllab train --resume {ShellQuote.Word(run.Path)}";

    /// <summary>The plug-in env's own failure, however it came up (a worker thread's is wrapped in an AggregateException).</summary>
    static PluginEnvException? PluginFailure(Exception e) => e switch
    {
        PluginEnvException p => p,
        AggregateException { InnerExceptions.Count: 1 } a => PluginFailure(a.InnerExceptions[0]),
        _ => null,
    };

    /// <summary>
    /// A plug-in env that threw mid-run: the run keeps its last checkpoint and resumes from it once the env
    /// is fixed. A new run with no checkpoint yet holds nothing to continue: what it wrote goes (the folder
    /// too, unless --out named one that already existed), so the same command can be run again.
    /// </summary>
    static string AfterPluginFailure(PluginEnvException failure, RunDirectory run, bool fresh, bool createdFolder)
    {
        bool hasCheckpoint = Directory.Exists(run.Checkpoints) && Directory.EnumerateFiles(run.Checkpoints, "*.ckpt").Any();
        if (hasCheckpoint || !fresh) return $"{failure.Message}; training stopped; {ResumeHint(run)} continues from its last checkpoint once the env is fixed";
        if (createdFolder) Directory.Delete(run.Path, recursive: true);
        else
            foreach (string entry in Directory.EnumerateFileSystemEntries(run.Path))
                if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
                else File.Delete(entry);
        return $"{failure.Message}; training stopped before its first checkpoint (removed what it wrote in {run.Path})";
    }
}
