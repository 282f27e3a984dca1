using RlLab.Viz.Input;

namespace RlLab.Viz.Viewer;

/// <summary>
/// How the interactive viewer runs. <see cref="Episodes"/> = 0 runs until Esc. <see cref="MaxFrames"/>
/// and <see cref="ScreenshotOnExit"/> let scripts and tests take a picture and leave.
/// </summary>
public sealed record ViewerOptions
{
    public string Title { get; init; } = "RlLab";
    public int Width { get; init; } = 1280;
    public int Height { get; init; } = 720;
    public bool VSync { get; init; } = true;
    public bool Visible { get; init; } = true;
    public double Speed { get; init; } = 1;
    public CameraMode Camera { get; init; } = CameraMode.Follow;
    public int Episodes { get; init; }
    public KeyBindings Bindings { get; init; } = KeyBindings.Watch;
    public string? Help { get; init; } = "Space pause  Right step  R reset  +/- speed  Tab camera  wheel zoom  Esc quit";
    /// <summary>Show the policy's observation in a corner (off for a person driving).</summary>
    public bool Inset { get; init; } = true;
    /// <summary>Where F12 screenshots go.</summary>
    public string ScreenshotDirectory { get; init; } = ".";
    public int MaxFrames { get; init; }
    public string? ScreenshotOnExit { get; init; }
    /// <summary>Real seconds to hold the last frame of an episode before the next one starts.</summary>
    public double EndHoldSeconds { get; init; } = 0.6;
}
