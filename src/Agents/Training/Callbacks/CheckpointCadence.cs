namespace RlLab.Agents.Training.Callbacks;

/// <summary>A checkpoint every train.checkpoint_every env steps, and one for each evaluation video (train.video_every_steps).</summary>
public sealed class CheckpointCadence : ITrainingCallback
{
    public void OnIteration(TrainingRun run)
    {
        var train = run.Config.Train;
        bool videoDue = train.VideoEverySteps > 0 && run.Crossed(train.VideoEverySteps) && run.Hooks.RecordVideo is not null;
        if (!(train.CheckpointEvery > 0 && run.Step - run.LastCheckpointStep >= train.CheckpointEvery) && !videoDue) return;
        string saved = run.Save();
        run.Log.Information("checkpoint {Path}", saved);
        if (videoDue) run.Hooks.RecordVideo!(saved, run.Iteration);
    }
}
