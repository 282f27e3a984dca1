using RlLab.Agents.Config;

namespace RlLab.Agents.Training.Callbacks;

/// <summary>The budgets: train.total_episodes, train.total_steps and stop.max_minutes.</summary>
public sealed class StopOnBudget : ITrainingCallback
{
    public void OnIteration(TrainingRun run)
    {
        if (Spent(run.Config, run.Step, run.TotalEpisodes, run.Wall) is string reason) run.Stop(reason);
    }

    /// <summary>The budget that is spent (episodes, steps, minutes), or null; the loop and <see cref="Trainer.FinishedReason"/> share it.</summary>
    public static string? Spent(ExperimentConfig config, long step, int episodes, double wallSeconds)
    {
        if (config.Train.TotalEpisodes is int maxEpisodes && episodes >= maxEpisodes) return $"{maxEpisodes} episodes";
        if (step >= config.Train.TotalSteps) return $"{config.Train.TotalSteps} steps";
        if (config.Stop.MaxMinutes is double minutes && wallSeconds >= minutes * 60) return $"{minutes} minutes";
        return null;
    }
}
