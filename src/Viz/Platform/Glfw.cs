using System.Runtime.InteropServices;

namespace RlLab.Viz.Platform;

/// <summary>
/// The few GLFW 3.3 entry points the viewer needs, bound straight to Debian's <c>libglfw.so.3</c>
/// (package libglfw3). Silk.NET's own windowing packages are not available here, and this is all it takes.
/// </summary>
internal static unsafe partial class Glfw
{
    const string Lib = "libglfw.so.3";

    public const int True = 1, False = 0;
    public const int Resizable = 0x00020003, Visible = 0x00020004, Samples = 0x0002100D, DoubleBuffer = 0x00021010;
    public const int ContextVersionMajor = 0x00022002, ContextVersionMinor = 0x00022003;
    public const int OpenGLForwardCompat = 0x00022006, OpenGLProfile = 0x00022008, OpenGLCoreProfile = 0x00032001;
    public const int Release = 0, Press = 1, Repeat = 2;

    [LibraryImport(Lib, EntryPoint = "glfwInit")]
    public static partial int Init();

    [LibraryImport(Lib, EntryPoint = "glfwTerminate")]
    public static partial void Terminate();

    [LibraryImport(Lib, EntryPoint = "glfwSetErrorCallback")]
    public static partial nint SetErrorCallback(delegate* unmanaged<int, byte*, void> callback);

    [LibraryImport(Lib, EntryPoint = "glfwDefaultWindowHints")]
    public static partial void DefaultWindowHints();

    [LibraryImport(Lib, EntryPoint = "glfwWindowHint")]
    public static partial void WindowHint(int hint, int value);

    [LibraryImport(Lib, EntryPoint = "glfwCreateWindow", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint CreateWindow(int width, int height, string title, nint monitor, nint share);

    [LibraryImport(Lib, EntryPoint = "glfwDestroyWindow")]
    public static partial void DestroyWindow(nint window);

    [LibraryImport(Lib, EntryPoint = "glfwMakeContextCurrent")]
    public static partial void MakeContextCurrent(nint window);

    [LibraryImport(Lib, EntryPoint = "glfwGetProcAddress", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint GetProcAddress(string name);

    [LibraryImport(Lib, EntryPoint = "glfwSwapInterval")]
    public static partial void SwapInterval(int interval);

    [LibraryImport(Lib, EntryPoint = "glfwSwapBuffers")]
    public static partial void SwapBuffers(nint window);

    [LibraryImport(Lib, EntryPoint = "glfwPollEvents")]
    public static partial void PollEvents();

    [LibraryImport(Lib, EntryPoint = "glfwWindowShouldClose")]
    public static partial int WindowShouldClose(nint window);

    [LibraryImport(Lib, EntryPoint = "glfwSetWindowShouldClose")]
    public static partial void SetWindowShouldClose(nint window, int value);

    [LibraryImport(Lib, EntryPoint = "glfwSetWindowTitle", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void SetWindowTitle(nint window, string title);

    [LibraryImport(Lib, EntryPoint = "glfwGetFramebufferSize")]
    public static partial void GetFramebufferSize(nint window, out int width, out int height);

    [LibraryImport(Lib, EntryPoint = "glfwGetKey")]
    public static partial int GetKey(nint window, int key);

    [LibraryImport(Lib, EntryPoint = "glfwGetTime")]
    public static partial double GetTime();

    [LibraryImport(Lib, EntryPoint = "glfwSetKeyCallback")]
    public static partial nint SetKeyCallback(nint window, delegate* unmanaged<nint, int, int, int, int, void> callback);

    [LibraryImport(Lib, EntryPoint = "glfwSetScrollCallback")]
    public static partial nint SetScrollCallback(nint window, delegate* unmanaged<nint, double, double, void> callback);

    [LibraryImport(Lib, EntryPoint = "glfwSetFramebufferSizeCallback")]
    public static partial nint SetFramebufferSizeCallback(nint window, delegate* unmanaged<nint, int, int, void> callback);
}
