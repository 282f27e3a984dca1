using RlLab.Viz.Input;
using RlLab.Viz.Platform;
using RlLab.Viz.Scenes;

namespace RlLab.Viz.Viewer;

/// <summary>What a per-frame hook sees: the window (for held keys), the controller, the runner.</summary>
public sealed record ViewerFrame(GlfwWindow Window, ViewerController Controller, IEpisodeRunner Runner)
{
    public int Index { get; internal set; }
    /// <summary>Real seconds since the previous frame.</summary>
    public double Seconds { get; internal set; }
}
