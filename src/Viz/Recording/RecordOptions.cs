using RlLab.Viz.Input;

namespace RlLab.Viz.Recording;

/// <summary>
/// How <see cref="EpisodeRecorder"/> films episodes. One video frame per env step, at the env's own
/// rate unless <see cref="Fps"/> is set; <see cref="MaxSteps"/> bounds an episode that never ends.
/// </summary>
public sealed record RecordOptions
{
    public int Width { get; init; } = 640;
    public int Height { get; init; } = 360;
    public int Episodes { get; init; } = 1;
    public int MaxSteps { get; init; } = 3000;
    public CameraMode Camera { get; init; } = CameraMode.Follow;
    public double? Fps { get; init; }
    public bool Hud { get; init; } = true;
    public bool Inset { get; init; } = true;
    public string? Title { get; init; }
}

/// <summary>What a recording produced.</summary>
public sealed record RecordResult(string Path, int Frames, int Width, int Height, double Fps, IReadOnlyList<RlLab.Envs.EpisodeInfo> Episodes);
