using RlLab.Viz.Input;

namespace RlLab.Viz.Viewer;

/// <summary>What the frame shows besides the scene: camera, clock state and the overlays.</summary>
public readonly record struct FrameStatus(CameraMode Camera, double Zoom, double Speed, bool Paused, double Fps,
    string? Title = null, string? Help = null, bool ShowHud = true, bool ShowInset = true);
