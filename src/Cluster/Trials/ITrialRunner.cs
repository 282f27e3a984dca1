using RlLab.Cluster.Grains;

namespace RlLab.Cluster.Trials;

/// <summary>
/// Runs one attempt of a trial into a run directory and returns its exit code. The real one is
/// <see cref="ProcessTrialRunner"/>; tests plug in short fake trials.
/// </summary>
public interface ITrialRunner
{
    /// <param name="resume">The run directory already holds a checkpoint to continue from.</param>
    Task<int> RunAsync(TrialAssignment assignment, string runDirectory, bool resume, CancellationToken cancel);
}
