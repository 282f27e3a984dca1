namespace RlLab.Viz.Input;

/// <summary>
/// The viewer's state machine, free of GL so that tests drive it with key events: running or paused,
/// the simulation speed, the camera mode and zoom, and requests (step once, reset, screenshot, quit).
/// It also owns the fixed-step clock: the simulation advances in steps of <see cref="StepSeconds"/>
/// of simulated time, however fast frames are drawn.
/// </summary>
public sealed class ViewerController
{
    public const double MinSpeed = 1.0 / 16, MaxSpeed = 64;
    public const double MinZoom = 0.05, MaxZoom = 20;
    /// <summary>A long frame (a stall, a debugger) advances at most this much real time, so the sim never spirals.</summary>
    public const double MaxFrameSeconds = 0.25;

    readonly KeyBindings _bindings;
    double _accumulator;
    bool _stepRequested, _resetRequested;
    int _screenshotRequests;

    public ViewerController(double stepSeconds, KeyBindings? bindings = null, double speed = 1, CameraMode camera = CameraMode.Follow)
    {
        if (!(stepSeconds > 0)) throw new ArgumentOutOfRangeException(nameof(stepSeconds), "must be positive");
        StepSeconds = stepSeconds;
        _bindings = bindings ?? KeyBindings.Watch;
        Speed = Math.Clamp(speed, MinSpeed, MaxSpeed);
        Camera = camera;
    }

    public double StepSeconds { get; }
    public bool Paused { get; private set; }
    public double Speed { get; private set; }
    public CameraMode Camera { get; private set; }
    /// <summary>Multiplies the camera's scale; the mouse wheel changes it.</summary>
    public double Zoom { get; private set; } = 1;
    public bool QuitRequested { get; private set; }
    /// <summary>
    /// How far the clock is into the next step, in [0, 1): the renderer draws that far between the
    /// previous and the latest step. Paused, it is 1: the latest step as it is.
    /// </summary>
    public double Alpha => Paused ? 1 : Math.Clamp(_accumulator / StepSeconds, 0, 1);

    public void OnKey(Key key, KeyAction action) => Apply(_bindings.Translate(key, action));

    /// <summary>One notch of the wheel zooms by 15 %.</summary>
    public void OnScroll(double notches) => Zoom = Math.Clamp(Zoom * Math.Pow(1.15, notches), MinZoom, MaxZoom);

    public void Apply(ViewerCommand command)
    {
        switch (command)
        {
            case ViewerCommand.TogglePause:
                Paused = !Paused;
                _accumulator = 0;
                break;
            case ViewerCommand.StepOnce:
                // Stepping is for looking closely: it pauses first, then advances exactly one step.
                Paused = true;
                _accumulator = 0;
                _stepRequested = true;
                break;
            case ViewerCommand.Reset:
                _resetRequested = true;
                _accumulator = 0;
                break;
            case ViewerCommand.SpeedUp:
                Speed = Math.Min(Speed * 2, MaxSpeed);
                break;
            case ViewerCommand.SpeedDown:
                Speed = Math.Max(Speed / 2, MinSpeed);
                break;
            case ViewerCommand.ToggleCamera:
                Camera = Camera == CameraMode.Follow ? CameraMode.Overview : CameraMode.Follow;
                break;
            case ViewerCommand.Screenshot:
                _screenshotRequests++;
                break;
            case ViewerCommand.Quit:
                QuitRequested = true;
                break;
        }
    }

    /// <summary>
    /// Advances the clock by <paramref name="realSeconds"/> of wall time and returns how many
    /// simulation steps to take now. Paused, it returns 1 for a requested single step and 0 otherwise.
    /// </summary>
    public int Advance(double realSeconds)
    {
        if (Paused)
        {
            bool step = _stepRequested;
            _stepRequested = false;
            return step ? 1 : 0;
        }
        _accumulator += Math.Clamp(realSeconds, 0, MaxFrameSeconds) * Speed;
        int steps = (int)Math.Floor(_accumulator / StepSeconds);
        _accumulator -= steps * StepSeconds;
        return steps;
    }

    /// <summary>True once after R was pressed: the caller resets the episode.</summary>
    public bool TakeReset()
    {
        bool r = _resetRequested;
        _resetRequested = false;
        return r;
    }

    /// <summary>True once per F12 press.</summary>
    public bool TakeScreenshot()
    {
        if (_screenshotRequests == 0) return false;
        _screenshotRequests--;
        return true;
    }

    public void RequestQuit() => QuitRequested = true;
}
