using RlLab.Viz.Platform;
using RlLab.Viz.Recording;

namespace RlLab.Viz.Tests;

/// <summary>Machine problems come out as one line that says what to install or run.</summary>
public sealed class ErrorMessageTests
{
    static void WithVariable(string name, string? value, Action action)
    {
        string? old = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
        try { action(); }
        finally { Environment.SetEnvironmentVariable(name, old); }
    }

    [Fact]
    public void NoDisplayNamesXvfbRun()
    {
        WithVariable("WAYLAND_DISPLAY", null, () => WithVariable("DISPLAY", null, () =>
        {
            var e = Assert.Throws<ViewerException>(() => Gl.HiddenWindow());
            Assert.Contains("xvfb-run", e.Message);
        }));
    }

    [Fact]
    public void NoFfmpegNamesFfmpeg()
    {
        WithVariable("PATH", "/nonexistent", () =>
        {
            var e = Assert.Throws<ViewerException>(() => new VideoEncoder(Path.Combine(Path.GetTempPath(), "x.mp4"), 64, 64, 30));
            Assert.Contains("apt-get install ffmpeg", e.Message);
        });
    }

    [Fact]
    public void OddSizedMp4IsRefusedBeforeFfmpegStarts()
    {
        var e = Assert.Throws<ArgumentException>(() => new VideoEncoder(Path.Combine(Path.GetTempPath(), "x.mp4"), 65, 64, 30));
        Assert.Contains("even", e.Message);
    }
}
