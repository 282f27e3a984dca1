using System.Runtime.InteropServices;
using RlLab.Viz.Input;
using Silk.NET.OpenGL;

namespace RlLab.Viz.Platform;

/// <summary>How to open a window. Hidden windows are for offscreen rendering (record, bench, tests).</summary>
public sealed record WindowOptions(int Width = 1280, int Height = 720, string Title = "RlLab", bool Visible = true,
    bool VSync = true, bool Resizable = true, int Samples = 0);

/// <summary>
/// A GLFW window with an OpenGL 3.3 core context and a Silk.NET <see cref="GL"/> bound to it. Input
/// arrives through GLFW callbacks and is queued here until <see cref="PollEvents"/> hands it to the
/// listeners, so nothing runs inside native code. One window per thread is current at a time.
/// </summary>
public sealed unsafe class GlfwWindow : IDisposable
{
    static readonly Lock InitLock = new();
    static readonly Dictionary<nint, GlfwWindow> Open = [];
    static int _initCount;
    [ThreadStatic] static string? _lastError;

    nint _handle;

    public GL Gl { get; }
    public int FramebufferWidth { get; private set; }
    public int FramebufferHeight { get; private set; }

    /// <summary>Raised from <see cref="PollEvents"/> for every key press, repeat and release.</summary>
    public event Action<Key, KeyAction>? KeyChanged;
    /// <summary>Raised from <see cref="PollEvents"/> with the wheel's vertical notches.</summary>
    public event Action<double>? Scrolled;

    GlfwWindow(nint handle, GL gl)
    {
        _handle = handle;
        Gl = gl;
        Glfw.GetFramebufferSize(handle, out int w, out int h);
        (FramebufferWidth, FramebufferHeight) = (w, h);
    }

    public static GlfwWindow Create(WindowOptions options)
    {
        EnsureDisplay();
        lock (InitLock)
        {
            if (_initCount == 0)
            {
                try
                {
                    Glfw.SetErrorCallback(&OnError);
                }
                catch (DllNotFoundException e)
                {
                    throw new ViewerException("libglfw.so.3 was not found: install GLFW with `apt-get install libglfw3`", e);
                }
                if (Glfw.Init() == Glfw.False)
                    throw new ViewerException($"GLFW could not start ({_lastError ?? "unknown error"}); is the display reachable? Run under `xvfb-run -a` on a machine without a screen");
            }
            _initCount++;
        }

        Glfw.DefaultWindowHints();
        Glfw.WindowHint(Glfw.ContextVersionMajor, 3);
        Glfw.WindowHint(Glfw.ContextVersionMinor, 3);
        Glfw.WindowHint(Glfw.OpenGLProfile, Glfw.OpenGLCoreProfile);
        Glfw.WindowHint(Glfw.OpenGLForwardCompat, Glfw.True);
        Glfw.WindowHint(Glfw.Visible, options.Visible ? Glfw.True : Glfw.False);
        Glfw.WindowHint(Glfw.Resizable, options.Resizable ? Glfw.True : Glfw.False);
        Glfw.WindowHint(Glfw.Samples, options.Samples);
        nint handle = Glfw.CreateWindow(options.Width, options.Height, options.Title, 0, 0);
        if (handle == 0)
        {
            ReleaseGlfw();
            throw new ViewerException($"could not create an OpenGL 3.3 core window ({_lastError ?? "unknown error"}); with Mesa install `libgl1-mesa-dri`");
        }
        Glfw.MakeContextCurrent(handle);
        Glfw.SwapInterval(options.VSync ? 1 : 0);
        var gl = GL.GetApi(name => Glfw.GetProcAddress(name));
        var window = new GlfwWindow(handle, gl);
        lock (InitLock) Open[handle] = window;
        Glfw.SetKeyCallback(handle, &OnKey);
        Glfw.SetScrollCallback(handle, &OnScroll);
        Glfw.SetFramebufferSizeCallback(handle, &OnFramebufferSize);
        return window;
    }

    /// <summary>GLFW on X11 needs a display; say how to get one instead of failing deep inside.</summary>
    static void EnsureDisplay()
    {
        if (OperatingSystem.IsLinux() && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY"))
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")))
            throw new ViewerException("no display (DISPLAY is not set): run the command under `xvfb-run -a`, e.g. `xvfb-run -a rllab record ...`");
    }

    public bool ShouldClose => _handle != 0 && Glfw.WindowShouldClose(_handle) != 0;

    public string Title { set => Glfw.SetWindowTitle(_handle, value); }

    /// <summary>Seconds since GLFW started, from a monotonic clock.</summary>
    public static double Time => Glfw.GetTime();

    public void MakeCurrent() => Glfw.MakeContextCurrent(_handle);
    public void SwapBuffers() => Glfw.SwapBuffers(_handle);
    public bool IsKeyDown(Key key) => key != Key.Unknown && Glfw.GetKey(_handle, (int)key) == Glfw.Press;

    readonly Queue<(int Kind, int A, int B, double D)> _events = new();

    /// <summary>Processes the OS's events, then raises <see cref="KeyChanged"/> and <see cref="Scrolled"/>.</summary>
    public void PollEvents()
    {
        Glfw.PollEvents();
        while (_events.TryDequeue(out var e))
        {
            if (e.Kind == 0) KeyChanged?.Invoke(Enum.IsDefined((Key)e.A) ? (Key)e.A : Key.Unknown, (KeyAction)e.B);
            else Scrolled?.Invoke(e.D);
        }
    }

    public void Dispose()
    {
        if (_handle == 0) return;
        lock (InitLock) Open.Remove(_handle);
        Glfw.DestroyWindow(_handle);
        _handle = 0;
        ReleaseGlfw();
    }

    static void ReleaseGlfw()
    {
        lock (InitLock)
            if (--_initCount == 0) Glfw.Terminate();
    }

    static GlfwWindow? Find(nint handle)
    {
        lock (InitLock) return Open.GetValueOrDefault(handle);
    }

    [UnmanagedCallersOnly]
    static void OnError(int code, byte* description) =>
        _lastError = $"GLFW error 0x{code:X}: {Marshal.PtrToStringUTF8((nint)description)}";

    [UnmanagedCallersOnly]
    static void OnKey(nint window, int key, int scancode, int action, int mods) =>
        Find(window)?._events.Enqueue((0, key, action, 0));

    [UnmanagedCallersOnly]
    static void OnScroll(nint window, double x, double y) => Find(window)?._events.Enqueue((1, 0, 0, y));

    [UnmanagedCallersOnly]
    static void OnFramebufferSize(nint window, int width, int height)
    {
        if (Find(window) is { } w) (w.FramebufferWidth, w.FramebufferHeight) = (width, height);
    }
}
