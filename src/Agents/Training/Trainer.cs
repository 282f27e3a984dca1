using RlLab.Agents.Checkpoints;
using RlLab.Agents.Config;
using RlLab.Agents.Plotting;

namespace RlLab.Agents.Training;

/// <summary>
/// The entry points the command line uses: prepare (build and check the stack before anything is
/// written), train (the collect/learn loop of <see cref="TrainingLoop{TObs}"/>), and the finished check.
/// </summary>
public static class Trainer
{
    /// <summary>Builds the env stack, the policy and the algorithm once, and checks that they fit (see <see cref="TrainingSetup.Build"/>).</summary>
    public static TrainingSetup Prepare(ExperimentConfig config, string source) => TrainingSetup.Build(config, source);

    public static TrainingResult Train(ExperimentConfig config, RunDirectory run, string? resumeFrom = null,
        TrainingCallbacks? callbacks = null, CancellationToken cancel = default)
    {
        using TrainingSetup setup = Prepare(config, config.Name);
        return Train(setup, run, resumeFrom, callbacks, cancel);
    }

    /// <summary>Trains on a prepared setup (which is then spent: its policy and envs have moved on).</summary>
    public static TrainingResult Train(TrainingSetup setup, RunDirectory run, string? resumeFrom = null,
        TrainingCallbacks? callbacks = null, CancellationToken cancel = default) =>
        setup.Run(run, resumeFrom, callbacks ?? new(), cancel);

    /// <summary>
    /// Checks, before anything is written, that the resolved config can train: the device exists,
    /// and the policy built on the env's spaces fits them (distribution against action space,
    /// extractor against observation, image size against CNN). Throws <see cref="SetupException"/>.
    /// </summary>
    public static void Validate(ExperimentConfig config, string source)
    {
        using TrainingSetup setup = Prepare(config, source);
    }

    /// <summary>
    /// Checks, before anything is written, that <paramref name="setup"/> can continue the run or
    /// checkpoint <paramref name="resumeFrom"/>: a change to the env or the network is a
    /// <see cref="SetupException"/> naming the key (<see cref="ResumeCheck"/>).
    /// </summary>
    public static void CheckResume(TrainingSetup setup, string resumeFrom) => ResumeCheck.Check(setup, resumeFrom);

    /// <summary>
    /// A finished run without its final evaluation (eval.json), e.g. killed during it: evaluates its
    /// newest intact checkpoint now and writes eval.json; null when the config asks for no evaluation
    /// or the run already has one. <paramref name="setup"/> is spent afterwards. A stop request throws OperationCanceledException (no eval.json).
    /// </summary>
    public static Evaluation.EvalSummary? CompleteFinishedRun(TrainingSetup setup, RunDirectory run, CancellationToken cancel = default)
    {
        if (setup.Config.Train.EvalEpisodes <= 0 || File.Exists(run.Eval)) return null;
        return setup.EvaluateFinished(run, Checkpoint.ResolveIntact(run.Path), cancel);
    }

    /// <summary>A sanity bound: far above any policy this framework trains, far below what exhausts memory.</summary>
    public const long MaxParameters = TrainingSetup.MaxParameters;

    /// <summary>
    /// Why a run is done under <paramref name="config"/> (its budget spent, or its target reached),
    /// or null if it can continue: raising train.total_steps with --set continues a finished run.
    /// </summary>
    public static string? FinishedReason(string runOrCheckpoint, ExperimentConfig config)
    {
        TrainingState state = Checkpoint.ReadHeader(Checkpoint.ResolveIntact(runOrCheckpoint)).State;
        // The stop callbacks' own rules, on the checkpoint's counters.
        if (Callbacks.StopOnBudget.Spent(config, state.GlobalStep, state.Episodes, state.WallSeconds) is string spent) return spent;
        double mean = state.RecentReturns.Length == 0 ? double.NaN : state.RecentReturns.TakeLast(config.Stop.Window).Average();
        if (Callbacks.StopOnMeanReturn.Reached(config.Stop, state.RecentReturns.Length, mean))
            return state.Finished ?? $"mean return reached {config.Stop.MeanReturn}";
        return null;
    }

    /// <summary>Draws curve.png from episodes.csv (so it covers resumed runs whole).</summary>
    public static void DrawCurve(RunDirectory run, ExperimentConfig config)
    {
        var returns = new List<double>();
        // episodes.csv starts with the first finished episode (its columns are the env's metrics).
        IEnumerable<string> lines = File.Exists(run.EpisodesCsv) ? File.ReadLines(run.EpisodesCsv).Skip(1) : [];
        foreach (string line in lines)
        {
            string[] cells = line.Split(',');
            if (cells.Length > 2 && double.TryParse(cells[2], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double r))
                returns.Add(r);
        }
        CurvePlot.EpisodeReturns(run.Curve, $"{config.Name} (seed {config.Seed})", returns, config.Stop.Window);
    }
}
