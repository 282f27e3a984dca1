using RlLab.Viz.Platform;

namespace RlLab.Viz.Tests;

/// <summary>A hidden window with a GL context; these tests need a display (run them under xvfb-run -a).</summary>
public static class Gl
{
    public static GlfwWindow HiddenWindow(int width = 320, int height = 240) =>
        GlfwWindow.Create(new WindowOptions(width, height, "RlLab test", Visible: false, VSync: false));
}
