using System.Numerics;
using RlLab.Viz.Rendering;

namespace RlLab.Viz.Scenes;

/// <summary>
/// Draws one kind of environment. A scene reads the env's state (through the runner's env) and
/// knows nothing of windows, clocks or keys; the same scene serves watch, drive, record and bench.
/// Scenes hold no GL objects (static meshes live in the batch), so they outlive any context.
/// </summary>
public interface IScene
{
    /// <summary>Simulated seconds per env step; the viewer's fixed-step clock runs at this rate.</summary>
    double StepSeconds { get; }
    /// <summary>The colour the frame is cleared to (grass for driving).</summary>
    Rgba Background { get; }
    /// <summary>The world rectangle the overview camera frames (metres).</summary>
    (Vector2 Min, Vector2 Max) Bounds { get; }
    /// <summary>What the follow camera centres on.</summary>
    Vector2 Focus { get; }
    /// <summary>The follow camera's scale before the user zooms, for a viewport of this height.</summary>
    float FollowScale(int viewportHeight);

    /// <summary>Called after every reset and step (e.g. to extend the trail).</summary>
    void OnReset();
    void OnStep();

    /// <summary>
    /// Where between the previous step (0) and the latest (1) to draw the moving things, so that a
    /// 15 Hz simulation moves smoothly on a 60 Hz display. 1 (the default) draws the env as it is.
    /// </summary>
    void Interpolate(double alpha);

    /// <summary>Draws the world in world coordinates (the batch has the camera's projection).</summary>
    void DrawWorld(Batch2D batch, in Camera2D camera);

    /// <summary>Scene-specific HUD lines (speed, distance, lap...).</summary>
    void WriteHud(HudWriter hud);
}
