namespace RlLab.Agents.Training.Callbacks;

/// <summary>
/// A training cadence, as SB3's BaseCallback: told when the run starts, after every iteration (in
/// the order the loop lists the callbacks), and when it ends. It may stop the run (<see cref="TrainingRun.Stop"/>).
/// </summary>
public interface ITrainingCallback : IDisposable
{
    void OnStart(TrainingRun run) { }
    void OnIteration(TrainingRun run);
    void OnEnd(TrainingRun run) { }
    void IDisposable.Dispose() { }
}
