using System.Diagnostics;
using RlLab.Agents.Algorithms;
using RlLab.Agents.Checkpoints;
using RlLab.Agents.Config;
using RlLab.Agents.Evaluation;
using RlLab.Agents.Policies;
using RlLab.Envs;
using RlLab.Envs.Vector;
using RlLab.Envs.Wrappers;
using Serilog;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Training;

/// <summary>
/// The collect/learn loop of one run: iterates the setup's algorithm until a stop rule fires, and
/// keeps the run directory current (progress.csv, episodes.csv, TensorBoard, log.txt,
/// checkpoints, curve.png, eval.json).
/// </summary>
sealed class TrainingLoop<TObs>(TrainingSetup<TObs> setup, RunDirectory run, TrainingCallbacks callbacks) where TObs : unmanaged
{
    readonly ExperimentConfig config = setup.Config;

    public TrainingResult Run(string? resumeFrom, CancellationToken cancel)
    {
        string configYaml = setup.ConfigYaml;
        // Leftovers of a writer killed mid-write are never data: the renamed files are.
        run.RemoveStaleTemporaries();
        AtomicFile.WriteAllText(run.Config, configYaml);
        using var log = new LoggerConfiguration().WriteTo.File(run.Log, outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {Message:lj}{NewLine}{Exception}").CreateLogger();

        Device device = setup.Device;
        if (setup.DeviceNote is string note) { callbacks.Notice?.Invoke(note); log.Information(note); }

        // Resume: restore the counters first, so the envs are re-seeded past the old stream.
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
        ActorCritic policy = setup.Policy;
        Generator generator = setup.Generator;
        IAlgorithm algo = setup.Algorithm;

        var episodes = new EpisodeLog();
        long step = 0;
        int iteration = 0;
        double priorSeconds = 0;
        if (resumed is not null)
        {
            Checkpoint.LoadInto(checkpointPath!, policy, algo.Optimizer);
            Checkpoint.RestoreGenerator(generator, resumed.GeneratorState);
            RestoreEnvs(envs, resumed, log);
            step = resumed.GlobalStep;
            iteration = resumed.Iteration;
            priorSeconds = resumed.WallSeconds;
            foreach (double r in resumed.RecentReturns)
                episodes.Add(EpisodeInfo.Empty with { Return = r }, step);
            episodes.TakeNew();
        }
        int episodeOffset = (resumed?.Episodes ?? 0) - episodes.Count;

        Action<string> csvNotice = n => { callbacks.Notice?.Invoke(n); log.Warning(n); };
        var tensorboard = torch.utils.tensorboard.SummaryWriter(run.TensorBoard);
        using var metrics = new MetricsLogger(run.Progress, tensorboard, resumed?.GlobalStep, csvNotice);
        using var episodeMetrics = new MetricsLogger(run.EpisodesCsv, tensorboard, resumed?.GlobalStep, csvNotice);
        using var evalMetrics = new MetricsLogger(run.Evaluations, tensorboard, resumed?.GlobalStep, csvNotice);
        double bestReturn = resumed is null ? double.NegativeInfinity : BestSoFar(run.Evaluations, resumed.GlobalStep);
        log.Information("training {Name}: env {Env} x{N}, {Algo}, device {Device}, seed {Seed}",
            config.Name, config.Env.Id, config.Env.NumEnvs, config.Algo.Name, device.type, config.Seed);

        Diagnostics.WallProfile.Mark("loggers_opened");
        var clock = Stopwatch.StartNew();
        long lastCheckpointStep = step, lastStep = step;
        double lastTime = 0;
        string stopReason = "budget";
        bool reachedTarget = false;
        string? lastGood = checkpointPath;

        while (true)
        {
            // A resumed run whose budget is already spent trains no extra iteration.
            if (StopRule(step, episodeOffset + episodes.Count, priorSeconds + clock.Elapsed.TotalSeconds) is string spent) { stopReason = spent; break; }
            double fraction = config.Train.TotalEpisodes is int te
                ? Math.Min(1.0, (episodeOffset + episodes.Count) / (double)te)
                : Math.Min(1.0, step / (double)config.Train.TotalSteps);
            IterationStats stats = algo.Iterate(fraction, step, episodes);
            step += stats.Steps;
            iteration++;
            if (NonFinite(stats, policy) is string quantity)
            {
                var error = new NonFiniteException(step, quantity, lastGood);
                log.Error("{Message}", error.Message);
                throw error;
            }

            double wall = priorSeconds + clock.Elapsed.TotalSeconds;
            double mean = episodes.MeanReturn(config.Stop.Window);
            foreach (EpisodeRecord e in episodes.TakeNew())
                RecordEpisode(episodeMetrics, e, episodeOffset);

            int totalEpisodes = episodeOffset + episodes.Count;
            long io = Diagnostics.WallProfile.Start();
            if (Crossed(step, stats.Steps, config.Train.LogEverySteps))
            {
                double sps = (step - lastStep) / Math.Max(1e-9, clock.Elapsed.TotalSeconds - lastTime);
                lastStep = step;
                lastTime = clock.Elapsed.TotalSeconds;
                RecordIteration(metrics, iteration, step, totalEpisodes, mean, episodes.LastReturn, stats, policy, Math.Round(sps), Math.Round(wall, 3));
                metrics.Dump(step);
                callbacks.Progress?.Invoke(new TrainingProgress(iteration, step,
                    config.Train.TotalEpisodes is null ? config.Train.TotalSteps : null, totalEpisodes,
                    config.Train.TotalEpisodes, metrics.Last("rollout/mean_return"), metrics.Last("time/sps"), metrics.Last("time/wall_seconds")));
            }

            bool videoDue = config.Train.VideoEverySteps > 0 && Crossed(step, stats.Steps, config.Train.VideoEverySteps) && callbacks.RecordVideo is not null;
            if ((config.Train.CheckpointEvery > 0 && step - lastCheckpointStep >= config.Train.CheckpointEvery) || videoDue)
            {
                string saved = Save(configYaml, step, iteration, totalEpisodes, wall, episodes, policy, algo, generator, envs, null);
                lastCheckpointStep = step;
                lastGood = saved;
                log.Information("checkpoint {Path}", saved);
                if (videoDue) callbacks.RecordVideo!(saved, iteration);
            }
            if (config.Train.EvalEvery > 0 && config.Train.EvalEpisodes > 0 && Crossed(step, stats.Steps, config.Train.EvalEvery))
            {
                // The checkpoint of this step, unless the cadence above has just written it.
                string saved = lastCheckpointStep == step && lastGood is not null ? lastGood
                    : Save(configYaml, step, iteration, totalEpisodes, wall, episodes, policy, algo, generator, envs, null);
                lastCheckpointStep = step;
                lastGood = saved;
                bestReturn = EvaluateDuringTraining(saved, step, bestReturn, evalMetrics, policy, device, envs, log);
            }
            Diagnostics.WallProfile.Stop(Diagnostics.ProfileSection.LoggingIo, io);

            if (config.Stop.MeanReturn is double target && episodes.Count >= config.Stop.Window && mean >= target)
            {
                (stopReason, reachedTarget) = ($"mean return {mean:F1} over the last {config.Stop.Window} episodes reached {target}", true);
                break;
            }
            if (StopRule(step, totalEpisodes, wall) is string budget) { stopReason = budget; break; }
            if (cancel.IsCancellationRequested) { stopReason = "cancelled"; break; }
        }

        double seconds = priorSeconds + clock.Elapsed.TotalSeconds;
        // What a user waits for: from launching the process to the stop, start-up included.
        double fromStart = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds;
        int finalEpisodes = episodeOffset + episodes.Count;
        string final = Save(configYaml, step, iteration, finalEpisodes, seconds, episodes, policy, algo, generator, envs,
            stopReason == "cancelled" ? null : stopReason);
        log.Information("stopped: {Reason}; {Steps} steps, {Episodes} episodes, {Seconds:F1} s", stopReason, step, finalEpisodes, seconds);
        metrics.Dispose();
        episodeMetrics.Dispose();

        Trainer.DrawCurve(run, config);
        EvalSummary? eval = null;
        if (config.Train.EvalEpisodes > 0)
        {
            policy.eval();
            eval = Evaluator.Run<TObs>(config, policy, device, final, config.Train.EvalEpisodes, deterministic: true,
                perEpisodeOptions: null, observationStatistics: envs.Normalization?.ObservationStatistics(), seeds: null);
            // Relative to the run: a run directory moves (a sweep ships its trials to the owner).
            eval = eval with { Checkpoint = Path.GetRelativePath(run.Path, final) };
            Evaluator.WriteJson(run.Eval, eval);
            log.Information("evaluation: mean return {Mean:F1} ± {Std:F1} over {N} episodes", eval.MeanReturn, eval.StdReturn, eval.Episodes);
        }
        return new TrainingResult(run, step, finalEpisodes, episodes.MeanReturn(config.Stop.Window), seconds, reachedTarget, stopReason, eval, fromStart);
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

    /// <summary>One row of progress.csv: the counters, then what the algorithm measured, then the wall-clock columns last.</summary>
    static void RecordIteration(MetricsLogger m, int iteration, long step, int episodes, double meanReturn, double lastReturn,
        IterationStats stats, ActorCritic policy, double sps, double wall)
    {
        m.Record("iteration", (long)iteration);
        m.Record("step", step);
        m.Record("rollout/episodes", (long)episodes);
        m.Record("rollout/mean_return", meanReturn);
        m.Record("rollout/last_return", lastReturn);
        m.Record("losses/policy_loss", stats.PolicyLoss);
        m.Record("losses/value_loss", stats.ValueLoss);
        m.Record("losses/entropy", stats.Entropy);
        m.Record("losses/approx_kl", stats.ApproxKl);
        m.Record("losses/clip_fraction", stats.ClipFraction);
        m.Record("losses/explained_variance", stats.ExplainedVariance);
        m.Record("charts/policy_std", policy.MeanStd());
        m.Record("charts/lr", stats.LearningRate);
        m.Record("time/sps", sps);
        m.Record("time/wall_seconds", wall);
    }

    /// <summary>One row of episodes.csv: return and length, the env's own metrics by name, and why it ended.</summary>
    static void RecordEpisode(MetricsLogger m, EpisodeRecord e, int episodeOffset)
    {
        EpisodeInfo i = e.Info;
        m.Record("episode", (long)(e.Episode + episodeOffset));
        m.Record("step", e.Step);
        m.Record("episode/return", i.Return);
        m.Record("episode/length", (long)i.Length);
        foreach (var (name, value) in i.Metrics()) m.Record("episode/" + name, value);
        m.Record("end_reason", i.EndReason);
        m.Dump(e.Step);
    }

    /// <summary>
    /// SB3's EvalCallback: deterministic episodes on the held-out evaluation seeds with the policy of
    /// <paramref name="checkpoint"/>, one row of evaluations.csv (and TensorBoard eval/*), and
    /// checkpoints/best replaced, atomically, when the mean return is the best so far.
    /// </summary>
    double EvaluateDuringTraining(string checkpoint, long step, double best, MetricsLogger m, ActorCritic policy, Device device,
        VectorEnv<TObs> envs, Serilog.ILogger log)
    {
        policy.eval();
        EvalSummary s = Evaluator.Run<TObs>(config, policy, device, checkpoint, config.Train.EvalEpisodes, deterministic: true,
            perEpisodeOptions: null, observationStatistics: envs.Normalization?.ObservationStatistics(), seeds: null);
        policy.train();
        bool improved = s.MeanReturn > best;
        if (improved) AtomicFile.WriteAllBytes(run.Best, File.ReadAllBytes(checkpoint));
        m.Record("step", step);
        m.Record("eval/mean_return", s.MeanReturn);
        m.Record("eval/std_return", s.StdReturn);
        m.Record("eval/best", improved ? 1L : 0L);
        m.Dump(step);
        log.Information("evaluation at step {Step}: {Mean:F1} ± {Std:F1}{Best}", step, s.MeanReturn, s.StdReturn, improved ? " (best so far)" : "");
        return improved ? s.MeanReturn : best;
    }

    /// <summary>The best mean return in evaluations.csv up to <paramref name="step"/>, for a resumed run; -inf when none.</summary>
    static double BestSoFar(string path, long step)
    {
        if (!File.Exists(path)) return double.NegativeInfinity;
        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0) return double.NegativeInfinity;
        string[] header = lines[0].Split(',');
        int stepColumn = Array.IndexOf(header, "step"), meanColumn = Array.IndexOf(header, "mean_return");
        double best = double.NegativeInfinity;
        foreach (string line in lines.Skip(1))
        {
            string[] cells = line.Split(',');
            if (cells.Length == header.Length && stepColumn >= 0 && meanColumn >= 0
                && long.TryParse(cells[stepColumn], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long s) && s <= step
                && double.TryParse(cells[meanColumn], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double r))
                best = Math.Max(best, r);
        }
        return best;
    }

    /// <summary>Whether the iteration that ended at <paramref name="step"/> crossed a multiple of <paramref name="every"/> env steps (so a resumed run keeps the cadence).</summary>
    static bool Crossed(long step, long taken, long every) => step / every > (step - taken) / every;

    /// <summary>The budget rule that has fired (steps, episodes, minutes), or null.</summary>
    string? StopRule(long step, int totalEpisodes, double wall)
    {
        if (config.Train.TotalEpisodes is int maxEpisodes && totalEpisodes >= maxEpisodes) return $"{maxEpisodes} episodes";
        if (step >= config.Train.TotalSteps) return $"{config.Train.TotalSteps} steps";
        if (config.Stop.MaxMinutes is double minutes && wall >= minutes * 60) return $"{minutes} minutes";
        return null;
    }

    /// <summary>The first non-finite quantity of an iteration, most causal first, or null when all are finite.</summary>
    static string? NonFinite(IterationStats stats, ActorCritic policy)
    {
        if (!stats.ObservationsFinite) return "observation";
        if (!double.IsFinite(stats.PolicyLoss)) return "policy loss";
        if (!double.IsNaN(stats.ValueLoss) && !double.IsFinite(stats.ValueLoss)) return "value loss";
        if (!double.IsFinite(stats.Entropy)) return "entropy";
        if (!double.IsFinite(stats.GradNorm)) return "gradient norm";
        using (no_grad())
            foreach (var (name, p) in policy.named_parameters())
                if (!p.isfinite().all().item<bool>()) return $"parameter {name}";
        return null;
    }

    string Save(string configYaml, long step, int iteration, int totalEpisodes, double wall, EpisodeLog episodes,
        ActorCritic policy, IAlgorithm algo, Generator generator, VectorEnv<TObs> envs, string? finished)
    {
        double[] recent = [.. episodes.Episodes.TakeLast(config.Stop.Window).Select(e => e.Info.Return)];
        byte[]? envState = envs.SaveState(out _);
        var state = new TrainingState(step, iteration, totalEpisodes, wall, recent, Checkpoint.SaveGenerator(generator),
            envs.Normalization?.ObservationStatistics(), envs.Normalization?.RewardStatistics(), finished,
            envState is null ? null : Convert.ToBase64String(envState));
        return Checkpoint.Save(run.Checkpoints, configYaml, state, policy, algo.Optimizer);
    }
}
