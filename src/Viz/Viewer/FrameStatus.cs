using RlLab.Viz.Input;

namespace RlLab.Viz.Viewer;

/// <summary>
/// What the frame shows besides the scene: camera, clock state and the overlays. Alpha places the
/// moving things between the previous step (0) and the latest (1); see <see cref="Scenes.IScene.Interpolate"/>.
/// </summary>
public readonly record struct FrameStatus(CameraMode Camera, double Zoom, double Speed, bool Paused, double Fps,
    string? Title = null, string? Help = null, bool ShowHud = true, bool ShowInset = true, double Alpha = 1);
