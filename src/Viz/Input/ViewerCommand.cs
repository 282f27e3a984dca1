namespace RlLab.Viz.Input;

/// <summary>What a key asks the viewer to do; keys are bound to these by <see cref="KeyBindings"/>.</summary>
public enum ViewerCommand
{
    None,
    TogglePause,
    StepOnce,
    Reset,
    SpeedUp,
    SpeedDown,
    ToggleCamera,
    Screenshot,
    Quit,
}
