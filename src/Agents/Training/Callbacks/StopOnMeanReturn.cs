using RlLab.Agents.Config;

namespace RlLab.Agents.Training.Callbacks;

/// <summary>stop.mean_return: ends the run once the mean return of the last stop.window episodes reaches the target.</summary>
public sealed class StopOnMeanReturn : ITrainingCallback
{
    public void OnIteration(TrainingRun run)
    {
        StopConfig stop = run.Config.Stop;
        if (stop.MeanReturn is double target && Reached(stop, run.Episodes.Count, run.Episodes.MeanReturn(stop.Window)))
            run.Stop($"mean return {run.Episodes.MeanReturn(stop.Window):F1} over the last {stop.Window} episodes reached {target}", reachedTarget: true);
    }

    /// <summary>The rule itself, for the loop and for <see cref="Trainer.FinishedReason"/>: a full window whose mean is at the target.</summary>
    public static bool Reached(StopConfig stop, int episodes, double mean) =>
        stop.MeanReturn is double target && episodes >= stop.Window && mean >= target;
}
