using RlLab.Sim;
using System.Globalization;
using RlLab.Agents.Evaluation;

namespace RlLab.Agents.Training.Callbacks;

/// <summary>
/// SB3's EvalCallback: every train.eval_every env steps, deterministic episodes on the held-out
/// evaluation seeds with the policy of this step's checkpoint, one row of evaluations.csv (and
/// TensorBoard eval/*), and checkpoints/best replaced, atomically, when the mean return is the best so far.
/// </summary>
public sealed class EvalCadence : ITrainingCallback
{
    MetricsLogger? _evaluations;
    double _best = double.NegativeInfinity;

    public void OnStart(TrainingRun run)
    {
        Action<string> notice = n => { run.Hooks.Notice?.Invoke(n); run.Log.Warning(n); };
        _evaluations = new MetricsLogger(run.Directory.Evaluations, run.TensorBoard, run.Resumed?.GlobalStep, notice);
        if (run.Resumed is not null) _best = BestSoFar(run.Directory.Evaluations, run.Resumed.GlobalStep);
    }

    public void OnIteration(TrainingRun run)
    {
        var train = run.Config.Train;
        if (train.EvalEvery <= 0 || train.EvalEpisodes <= 0 || !run.Crossed(train.EvalEvery)) return;
        // The checkpoint of this step, unless the checkpoint cadence has just written it.
        string checkpoint = run.LastCheckpointStep == run.Step && run.LastGood is not null ? run.LastGood : run.Save();
        EvalSummary s;
        try { s = run.Evaluate(checkpoint); }
        catch (OperationCanceledException)
        {
            // Ctrl+C during it: no row for this step; the loop stops after this iteration.
            run.Log.Information("evaluation at step {Step} stopped by a stop request", run.Step);
            return;
        }
        bool improved = s.MeanReturn > _best;
        if (improved) AtomicFile.WriteAllBytes(run.Directory.Best, File.ReadAllBytes(checkpoint));
        MetricsLogger m = _evaluations!;
        m.Record("step", run.Step);
        m.Record("eval/mean_return", s.MeanReturn);
        m.Record("eval/std_return", s.StdReturn);
        m.Record("eval/best", improved ? 1L : 0L);
        m.Dump(run.Step);
        run.Log.Information("evaluation at step {Step}: {Mean:F1} ± {Std:F1}{Best}", run.Step, s.MeanReturn, s.StdReturn, improved ? " (best so far)" : "");
        if (improved) _best = s.MeanReturn;
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
                && long.TryParse(cells[stepColumn], NumberStyles.Integer, CultureInfo.InvariantCulture, out long s) && s <= step
                && double.TryParse(cells[meanColumn], NumberStyles.Float, CultureInfo.InvariantCulture, out double r))
                best = Math.Max(best, r);
        }
        return best;
    }

    public void Dispose()
    {
        _evaluations?.Dispose();
        _evaluations = null;
    }
}
