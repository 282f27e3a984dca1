namespace RlLab.Agents.Training;

/// <summary>Hooks for the command line: progress displays and one-line notices.</summary>
public sealed class TrainingCallbacks
{
    public Action<TrainingProgress>? Progress { get; init; }
    public Action<string>? Notice { get; init; }
    /// <summary>Called every <c>train.video_every</c> iterations with a fresh checkpoint and the iteration (the CLI records a video with the viewer).</summary>
    public Action<string, int>? RecordVideo { get; init; }
}
