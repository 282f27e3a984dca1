using RlLab.Envs;
using RlLab.Envs.Driving;
using RlLab.Envs.Registry;
using RlLab.Sim.Sensors;
using Xunit;

namespace RlLab.Envs.Tests.Driving;

/// <summary>The camera's region of interest: drawn straight at the output size, it equals the full frame cropped and resized.</summary>
public sealed class CameraRoiTests
{
    static Dictionary<string, object?> Box(int top, int left, int bottom, int right) =>
        new() { ["top"] = top, ["left"] = left, ["bottom"] = bottom, ["right"] = right };

    static (byte[] Obs, DrivingImageEnv Env) Frame(int seed, int steps, params (string Key, object? Value)[] extra)
    {
        var options = new List<(string, object?)> { ("observation", "camera"), ("width", 320), ("height", 200), ("channels", 3), ("tracks", "0-9") };
        options.AddRange(extra);
        var env = (DrivingImageEnv)DrivingTestKit.Make(options.ToArray());
        var obs = new byte[env.ObservationSpace.FlatSize];
        env.Reset(obs, seed);
        float[] action = [0.02f];
        for (int i = 0; i < steps; i++) env.Step(action, obs);
        return (obs, env);
    }

    // Reference crop-and-resize, written independently of CameraRoi: nearest full-frame pixel centre.
    static byte[] CropResize(byte[] full, int width, int ch, int top, int left, int bottom, int right, int ow, int oh)
    {
        var outImg = new byte[ow * oh * ch];
        for (int r = 0; r < oh; r++)
        for (int c = 0; c < ow; c++)
        {
            int sr = top + (int)Math.Floor((r + 0.5) * (bottom - top) / oh);
            int sc = left + (int)Math.Floor((c + 0.5) * (right - left) / ow);
            for (int k = 0; k < ch; k++) outImg[(r * ow + c) * ch + k] = full[(sr * width + sc) * ch + k];
        }
        return outImg;
    }

    [Theory]
    [InlineData(70, 0, 200, 320, 64, 48)]   // the MIT experiment's view: downsampled 5×, 2.7×
    [InlineData(60, 40, 190, 280, 80, 80)]  // the lab's 80×80, non-integer factors
    [InlineData(100, 10, 140, 30, 40, 80)]  // upsampled
    [InlineData(0, 0, 200, 320, 320, 200)]  // identity
    public void Roi_render_equals_full_frame_cropped_and_resized(int top, int left, int bottom, int right, int ow, int oh)
    {
        for (int seed = 0; seed < 3; seed++)
        {
            var (full, _) = Frame(seed, 20);
            var (roi, e2) = Frame(seed, 20, ("roi", Box(top, left, bottom, right)), ("output_width", ow), ("output_height", oh));
            Assert.Equal(new[] { oh, ow, 3 }, e2.ObservationSpace.Shape);
            Assert.Equal(CropResize(full, 320, 3, top, left, bottom, right, ow, oh), roi);
        }
    }

    [Fact]
    public void Roi_frame_shows_road_and_grass()
    {
        var (roi, _) = Frame(0, 0, ("roi", Box(70, 0, 200, 320)), ("output_width", 64), ("output_height", 48));
        Assert.True(roi.Distinct().Count() > 2, "a road view has several colours");
    }

    [Fact]
    public void Output_size_defaults_to_the_roi_size()
    {
        var (_, env) = Frame(0, 0, ("roi", Box(70, 0, 200, 320)));
        Assert.Equal(new[] { 130, 320, 3 }, env.ObservationSpace.Shape);
    }

    [Theory]
    [InlineData(100, 0, 100, 320)]
    [InlineData(0, 300, 200, 100)]
    public void An_empty_roi_is_an_option_error(int top, int left, int bottom, int right) =>
        Assert.Throws<EnvOptionException>(() => Frame(0, 0, ("roi", Box(top, left, bottom, right))));

    [Fact]
    public void A_roi_on_the_topdown_view_is_an_option_error() =>
        Assert.Throws<EnvOptionException>(() => DrivingTestKit.Make(("observation", "topdown"), ("output_width", 32)));

    [Fact]
    public void Nearest_index_is_exact_integer_arithmetic()
    {
        var roi = new CameraRoi(70, 0, 200, 320, 64, 48);
        Assert.Equal(70 + 1, roi.SourceRow(0));     // ⌊0.5·130/48⌋ = 1
        Assert.Equal(70 + 128, roi.SourceRow(47));  // ⌊47.5·130/48⌋ = 128
        Assert.Equal(2, roi.SourceColumn(0));       // ⌊0.5·5⌋
        Assert.Equal(317, roi.SourceColumn(63));
    }
}
