using RlLab.Sim;
using System.Diagnostics;
using RlLab.Agents.Algorithms;
using RlLab.Agents.Checkpoints;
using RlLab.Agents.Config;
using RlLab.Agents.Evaluation;
using RlLab.Agents.Training.Callbacks;
using RlLab.Envs;
using RlLab.Envs.Vector;
using RlLab.Envs.Wrappers;
using Serilog;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Training;

/// <summary>
/// The collect/learn loop of one run: resume, then iterate the setup's algorithm and run the
/// cadences (<see cref="ITrainingCallback"/>: the NaN guard, progress and episode rows, checkpoints
/// and videos, evaluation with the best model, the stop rules) until one stops the run, then finish
/// (final checkpoint, curve.png, eval.json).
/// </summary>
sealed class TrainingLoop<TObs>(TrainingSetup<TObs> setup, RunDirectory run, TrainingCallbacks callbacks) where TObs : unmanaged
{
    readonly ExperimentConfig config = setup.Config;

    public TrainingResult Run(string? resumeFrom, CancellationToken cancel)
    {
        // A resumed config that cannot continue the checkpoint must not overwrite config.yaml.
        if (resumeFrom is not null) ResumeCheck.Check(setup, resumeFrom);
        // Leftovers of a writer killed mid-write are never data: the renamed files are.
        run.RemoveStaleTemporaries();
        AtomicFile.WriteAllText(run.Config, setup.ConfigYaml);
        using var log = new LoggerConfiguration().WriteTo.File(run.Log, outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {Message:lj}{NewLine}{Exception}").CreateLogger();
        // The command says it once, before any progress display; the log keeps it.
        if (setup.DeviceNote is string note) log.Information(note);
        TrainingRun state = Resume(resumeFrom, log, cancel);
        ITrainingCallback[] cadences = [new NonFiniteGuard(), new ProgressLog(), .. setup.ExtraCallbacks(), new CheckpointCadence(), new EvalCadence(), new StopOnMeanReturn(), new StopOnBudget()];
        try
        {
            foreach (ITrainingCallback c in cadences) c.OnStart(state);
            log.Information("training {Name}: env {Env} x{N}, {Algo}, device {Device}, seed {Seed}",
                config.Name, config.Env.Id, config.Env.NumEnvs, config.Algo.Name, setup.Device.type, config.Seed);
            Diagnostics.WallProfile.Mark("loggers_opened");
            state.Clock.Start();
            // A resumed run whose budget is already spent trains no extra iteration.
            if (StopOnBudget.Spent(config, state.Step, state.TotalEpisodes, state.PriorSeconds) is string spent) state.Stop(spent);
            while (state.StopReason is null)
            {
                double fraction = config.Train.TotalEpisodes is int te
                    ? Math.Min(1.0, state.TotalEpisodes / (double)te)
                    : Math.Min(1.0, state.Step / (double)config.Train.TotalSteps);
                state.Metrics.Clear();
                state.Last = setup.Algorithm.Iterate(fraction, state.Step, state.Episodes, state.Metrics);
                state.Taken = state.Last.Steps;
                state.Step += state.Taken;
                state.Iteration++;
                state.Wall = state.PriorSeconds + state.Clock.Elapsed.TotalSeconds;
                long io = Diagnostics.WallProfile.Start();
                foreach (ITrainingCallback c in cadences) c.OnIteration(state);
                Diagnostics.WallProfile.Stop(Diagnostics.ProfileSection.LoggingIo, io);
                if (cancel.IsCancellationRequested) state.Stop("cancelled");
            }
            foreach (ITrainingCallback c in cadences) c.OnEnd(state);
        }
        finally
        {
            foreach (ITrainingCallback c in cadences) c.Dispose();
        }
        return Finish(state, log, cancel);
    }

    /// <summary>The run's state: fresh, or restored from the newest intact checkpoint (counters first, so the envs are re-seeded past the old stream).</summary>
    TrainingRun Resume(string? resumeFrom, Serilog.ILogger log, CancellationToken cancel)
    {
        TrainingState? resumed = null;
        string? checkpointPath = null;
        if (resumeFrom is not null)
        {
            checkpointPath = Checkpoint.ResolveIntact(resumeFrom, notice => { callbacks.Notice?.Invoke(notice); log.Warning(notice); });
            resumed = Checkpoint.ReadHeader(checkpointPath).State;
            log.Information("resuming from {Checkpoint} at step {Step}", checkpointPath, resumed.GlobalStep);
        }
        Diagnostics.WallProfile.Mark("run_files_opened");
        VectorEnv<TObs> envs = setup.Envs;
        envs.RecordActions = true;
        if (resumed is null) envs.Reset(config.Seed);
        Diagnostics.WallProfile.Mark("envs_reset");
        var state = new TrainingRun
        {
            Config = config, Directory = run, Log = log, Hooks = callbacks, Policy = setup.Policy, Resumed = resumed,
            TensorBoard = torch.utils.tensorboard.SummaryWriter(run.TensorBoard),
            SaveCheckpoint = Save,
            EvaluateCheckpoint = checkpoint => Evaluate(checkpoint, train: true, cancel),
            LastGood = checkpointPath,
        };
        if (resumed is null) return state;
        Checkpoint.LoadInto(checkpointPath!, setup.Saved);
        Checkpoint.RestoreGenerator(setup.Generator, resumed.GeneratorState);
        RestoreEnvs(envs, resumed, log);
        state.Step = state.LastCheckpointStep = resumed.GlobalStep;
        state.Iteration = resumed.Iteration;
        state.PriorSeconds = resumed.WallSeconds;
        foreach (double r in resumed.RecentReturns)
            state.Episodes.Add(EpisodeInfo.Empty with { Return = r }, state.Step);
        state.Episodes.TakeNew();
        state.EpisodeOffset = resumed.Episodes - state.Episodes.Count;
        return state;
    }

    /// <summary>
    /// The final checkpoint, curve.png and the final evaluation (eval.json). A stop request (Ctrl+C) skips or
    /// stops the evaluation: the checkpoint is already final, so `--resume` of a finished run evaluates it then.
    /// </summary>
    TrainingResult Finish(TrainingRun state, Serilog.ILogger log, CancellationToken cancel)
    {
        double seconds = state.Wall = state.PriorSeconds + state.Clock.Elapsed.TotalSeconds;
        // What a user waits for: from launching the process to the stop, start-up included.
        double fromStart = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds;
        string reason = state.StopReason!;
        string final = state.Save(reason == "cancelled" ? null : reason);
        log.Information("stopped: {Reason}; {Steps} steps, {Episodes} episodes, {Seconds:F1} s", reason, state.Step, state.TotalEpisodes, seconds);
        Trainer.DrawCurve(run, config);
        EvalSummary? eval = null;
        bool evalStopped = false;
        if (config.Train.EvalEpisodes > 0)
        {
            try
            {
                // Relative to the run: a run directory moves (a sweep ships its trials to the owner).
                eval = Evaluate(final, train: false, cancel) with { Checkpoint = Path.GetRelativePath(run.Path, final) };
                Evaluator.WriteJson(run.Eval, eval);
                log.Information("evaluation: mean return {Mean:F1} ± {Std:F1} over {N} episodes", eval.MeanReturn, eval.StdReturn, eval.Episodes);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                evalStopped = reason != "cancelled";
                log.Information("final evaluation stopped by a stop request; no eval.json");
            }
        }
        return new TrainingResult(run, state.Step, state.TotalEpisodes, state.Episodes.MeanReturn(config.Stop.Window), seconds, state.ReachedTarget, reason, eval, fromStart)
        {
            EvalStopped = evalStopped,
        };
    }

    /// <summary>
    /// The final evaluation alone, of a finished run whose eval.json is missing (the process was
    /// killed during it): the checkpoint's weights and frozen statistics, as <see cref="Finish"/> evaluates.
    /// </summary>
    public EvalSummary EvaluateFinished(string checkpoint, CancellationToken cancel)
    {
        TrainingState saved = Checkpoint.ReadHeader(checkpoint).State;
        Checkpoint.LoadInto(checkpoint, [CheckpointPart.Module(config.Algo.Algorithm.ActingPart, setup.Policy)]);
        setup.Envs.Normalization?.LoadStatistics(saved.ObservationStatistics, saved.RewardStatistics);
        EvalSummary eval = Evaluate(checkpoint, train: false, cancel) with { Checkpoint = Path.GetRelativePath(run.Path, checkpoint) };
        Evaluator.WriteJson(run.Eval, eval);
        return eval;
    }

    /// <summary>Deterministic episodes on the held-out seeds with the current policy (the checkpoint's), frozen statistics; <paramref name="train"/>: back to training mode after.</summary>
    EvalSummary Evaluate(string checkpoint, bool train, CancellationToken cancel = default)
    {
        setup.Policy.eval();
        try
        {
            return Evaluator.Run<TObs>(config, setup.Policy, setup.Device, checkpoint, config.Train.EvalEpisodes, deterministic: true,
                perEpisodeOptions: null, observationStatistics: setup.Envs.Normalization?.ObservationStatistics(), seeds: null, cancel);
        }
        finally
        {
            if (train) setup.Policy.train();
        }
    }

    /// <summary>
    /// Puts the envs where the checkpoint left them: exactly, by replaying its env state; or, for a
    /// checkpoint without one (or an env that does not replay), re-seeded past the old stream with the
    /// saved statistics, saying that the run is no longer bit-identical to an uninterrupted one.
    /// </summary>
    void RestoreEnvs(VectorEnv<TObs> envs, TrainingState resumed, Serilog.ILogger log)
    {
        string? problem = "the checkpoint holds no env state";
        if (resumed.EnvState is string saved)
        {
            byte[]? bytes = null;
            try { bytes = Convert.FromBase64String(saved); }
            catch (FormatException) { problem = "the checkpoint's env state is damaged"; }
            if (bytes is not null && envs.TryRestoreState(bytes, out problem)) return;
        }
        string notice = $"resume is not exact ({problem}): the envs start new episodes";
        callbacks.Notice?.Invoke(notice);
        log.Warning("{Notice}", notice);
        envs.Reset(config.Seed + (int)(resumed.GlobalStep % 1_000_000_007));
        envs.Normalization?.LoadStatistics(resumed.ObservationStatistics, resumed.RewardStatistics);
    }

    string Save(TrainingRun state, string? finished)
    {
        double[] recent = [.. state.Episodes.Episodes.TakeLast(config.Stop.Window).Select(e => e.Info.Return)];
        VectorEnv<TObs> envs = setup.Envs;
        byte[]? envState = envs.SaveState(out _);
        var saved = new TrainingState(state.Step, state.Iteration, state.TotalEpisodes, state.Wall, recent, Checkpoint.SaveGenerator(setup.Generator),
            envs.Normalization?.ObservationStatistics(), envs.Normalization?.RewardStatistics(), finished,
            envState is null ? null : Convert.ToBase64String(envState));
        return Checkpoint.Save(run.Checkpoints, setup.ConfigYaml, saved, setup.Saved);
    }
}
