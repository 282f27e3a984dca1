using RlLab.Viz.Input;

namespace RlLab.Viz.Tests;

/// <summary>The keys drive the state machine; no window or GL involved.</summary>
public sealed class ViewerControllerTests
{
    const double Step = 0.02;

    static void Press(ViewerController c, Key key)
    {
        c.OnKey(key, KeyAction.Press);
        c.OnKey(key, KeyAction.Release);
    }

    [Fact]
    public void RunningClockStepsAtTheFixedRate()
    {
        var c = new ViewerController(Step);
        // 1/60 s frames: 60 frames are one simulated second, 50 steps at 50 Hz.
        int total = 0;
        for (int i = 0; i < 60; i++) total += c.Advance(1.0 / 60);
        Assert.InRange(total, 49, 50);
    }

    [Fact]
    public void SpaceTogglesPauseAndPausedClockDoesNotStep()
    {
        var c = new ViewerController(Step);
        Press(c, Key.Space);
        Assert.True(c.Paused);
        Assert.Equal(0, c.Advance(1.0));
        Press(c, Key.Space);
        Assert.False(c.Paused);
        Assert.Equal(5, c.Advance(0.1 + 1e-9));
    }

    [Fact]
    public void RightArrowPausesAndStepsExactlyOnce()
    {
        var c = new ViewerController(Step);
        Press(c, Key.Right);
        Assert.True(c.Paused);
        Assert.Equal(1, c.Advance(0.5));
        Assert.Equal(0, c.Advance(0.5));
        // Held: the key repeats and each repeat is one more step.
        c.OnKey(Key.Right, KeyAction.Press);
        c.OnKey(Key.Right, KeyAction.Repeat);
        Assert.Equal(1, c.Advance(0.01));
        Assert.Equal(0, c.Advance(0.01));
    }

    [Fact]
    public void RRequestsOneReset()
    {
        var c = new ViewerController(Step);
        Assert.False(c.TakeReset());
        Press(c, Key.R);
        Assert.True(c.TakeReset());
        Assert.False(c.TakeReset());
    }

    [Fact]
    public void PlusAndMinusChangeTheSpeedWithinLimits()
    {
        var c = new ViewerController(Step);
        Press(c, Key.Equal);
        Assert.Equal(2, c.Speed);
        Assert.Equal(10, c.Advance(0.1 + 1e-9));
        Press(c, Key.Minus);
        Press(c, Key.KeypadSubtract);
        Assert.Equal(0.5, c.Speed);
        for (int i = 0; i < 20; i++) Press(c, Key.KeypadAdd);
        Assert.Equal(ViewerController.MaxSpeed, c.Speed);
    }

    [Fact]
    public void TabTogglesCameraAndWheelZooms()
    {
        var c = new ViewerController(Step, camera: CameraMode.Follow);
        Press(c, Key.Tab);
        Assert.Equal(CameraMode.Overview, c.Camera);
        Press(c, Key.Tab);
        Assert.Equal(CameraMode.Follow, c.Camera);
        c.OnScroll(2);
        Assert.Equal(1.15 * 1.15, c.Zoom, 6);
        c.OnScroll(-1000);
        Assert.Equal(ViewerController.MinZoom, c.Zoom);
    }

    [Fact]
    public void EscapeQuitsAndReleaseOrUnknownKeysDoNothing()
    {
        var c = new ViewerController(Step);
        c.OnKey(Key.Space, KeyAction.Release);
        c.OnKey(Key.Unknown, KeyAction.Press);
        c.OnKey(Key.Space, KeyAction.Repeat);
        Assert.False(c.Paused);
        Assert.False(c.QuitRequested);
        Press(c, Key.Escape);
        Assert.True(c.QuitRequested);
    }

    [Fact]
    public void ALongStallDoesNotFloodTheSimulation()
    {
        var c = new ViewerController(Step);
        Assert.Equal((int)(ViewerController.MaxFrameSeconds / Step), c.Advance(10));
    }

    [Fact]
    public void DriveBindingsLeaveTheArrowsToTheCar()
    {
        var c = new ViewerController(Step, KeyBindings.Drive);
        Press(c, Key.Right);
        Assert.False(c.Paused);
        Press(c, Key.Space);
        Assert.True(c.Paused);
    }

    [Fact]
    public void DriverInputEasesSteeringAndFollowsThrottle()
    {
        var d = new DriverInput(steerRatePerSecond: 4);
        var down = new HashSet<Key> { Key.Left, Key.W };
        d.Update(0.1, down.Contains);
        Assert.Equal(0.4f, d.Steer, 4);
        Assert.Equal(1f, d.Throttle);
        d.Update(1, down.Contains);
        Assert.Equal(1f, d.Steer);
        down = [Key.D, Key.S];
        d.Update(0.25, down.Contains);
        Assert.Equal(0f, d.Steer, 4);
        Assert.Equal(-1f, d.Throttle);
    }

    [Fact]
    public void AlphaIsTheFractionOfTheNextStepAndOneWhenPaused()
    {
        var c = new ViewerController(Step);
        Assert.Equal(2, c.Advance(0.05));
        Assert.Equal(0.5, c.Alpha, 6);
        Press(c, Key.Space);
        Assert.Equal(1, c.Alpha);
    }
}
