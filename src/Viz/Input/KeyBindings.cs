namespace RlLab.Viz.Input;

/// <summary>
/// Maps keys to viewer commands. The default: Space pauses, → steps once, R resets, + and − change the
/// speed, Tab changes the camera, F12 takes a screenshot, Esc quits. The driving keys (arrows, WASD)
/// are read as held state by <see cref="DriverInput"/>, so in `drive` → steers instead of stepping.
/// </summary>
public sealed class KeyBindings
{
    readonly Dictionary<Key, ViewerCommand> _map;

    public KeyBindings(IReadOnlyDictionary<Key, ViewerCommand> map) => _map = new Dictionary<Key, ViewerCommand>(map);

    public static KeyBindings Watch { get; } = new(new Dictionary<Key, ViewerCommand>
    {
        [Key.Space] = ViewerCommand.TogglePause,
        [Key.P] = ViewerCommand.TogglePause,
        [Key.Right] = ViewerCommand.StepOnce,
        [Key.R] = ViewerCommand.Reset,
        [Key.Equal] = ViewerCommand.SpeedUp,        // '+' shares the key with '=' on most layouts
        [Key.KeypadAdd] = ViewerCommand.SpeedUp,
        [Key.Minus] = ViewerCommand.SpeedDown,
        [Key.KeypadSubtract] = ViewerCommand.SpeedDown,
        [Key.Tab] = ViewerCommand.ToggleCamera,
        [Key.C] = ViewerCommand.ToggleCamera,
        [Key.F12] = ViewerCommand.Screenshot,
        [Key.Escape] = ViewerCommand.Quit,
    });

    /// <summary>For a person driving: the arrows and WASD drive, so they are not commands.</summary>
    public static KeyBindings Drive { get; } = new(Watch._map
        .Where(p => p.Key is not (Key.Right or Key.Left or Key.Up or Key.Down))
        .ToDictionary(p => p.Key, p => p.Value));

    public ViewerCommand this[Key key] => _map.TryGetValue(key, out ViewerCommand c) ? c : ViewerCommand.None;

    /// <summary>Auto-repeat steps and changes speed again while the key is held; it never toggles.</summary>
    public ViewerCommand Translate(Key key, KeyAction action)
    {
        ViewerCommand c = this[key];
        return action switch
        {
            KeyAction.Press => c,
            KeyAction.Repeat when c is ViewerCommand.StepOnce or ViewerCommand.SpeedUp or ViewerCommand.SpeedDown => c,
            _ => ViewerCommand.None,
        };
    }
}
