namespace RlLab.Viz.Input;

/// <summary>The keys the viewer reacts to. The values are GLFW's key codes, so the window maps them as they come.</summary>
public enum Key
{
    Unknown = -1,
    Space = 32,
    Minus = 45,
    Equal = 61,
    A = 65, C = 67, D = 68, F = 70, P = 80, R = 82, S = 83, W = 87,
    Escape = 256,
    Enter = 257,
    Tab = 258,
    Right = 262,
    Left = 263,
    Down = 264,
    Up = 265,
    F12 = 301,
    KeypadSubtract = 333,
    KeypadAdd = 334,
}

/// <summary>What happened to a key. Repeat comes while a key is held (the OS's auto-repeat).</summary>
public enum KeyAction { Release = 0, Press = 1, Repeat = 2 }
