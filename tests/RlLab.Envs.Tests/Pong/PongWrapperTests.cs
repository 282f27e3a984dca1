using RlLab.Envs.Wrappers;

namespace RlLab.Envs.Tests.Pong;

public class PongWrapperTests
{
    [Fact]
    public void Mit_preprocess_crops_downsamples_erases_the_background_and_binarises()
    {
        byte[] frame = FrameSequenceEnv.Frame(
            (0, 35, 0, 160, 236, 236, 236),     // above the crop: must vanish
            (35, 37, 0, 2, 92, 186, 92),        // the top-left sample point (35, 0)
            (100, 102, 50, 51, 236, 236, 236),  // row 100 is not sampled (odd offset), row 101 is: (33, 25)
            (61, 62, 60, 62, 109, 118, 43),     // the second background value on a sampled row: erased
            (193, 210, 158, 160, 213, 130, 74)); // the last sample point (193, 158) → (79, 79)
        var env = new MitPreprocess(new FrameSequenceEnv(210, 160, 3, frame));
        Assert.Equal([80, 80, 1], env.ObservationSpace.Shape);
        var obs = new byte[6400];
        env.Reset(obs);
        var expected = new byte[6400];
        expected[0] = 255;
        expected[33 * 80 + 25] = 255;
        expected[79 * 80 + 79] = 255;
        Assert.Equal(expected, obs);
    }

    [Fact]
    public void Frame_difference_marks_pixels_that_lit_up_and_went_dark()
    {
        byte[] a = [0, 255, 255, 0, 10];
        byte[] b = [255, 0, 255, 0, 30];
        var env = new FrameDifference(new FrameSequenceEnv(1, 5, 1, a, b));
        var obs = new byte[5];
        env.Reset(obs);
        Assert.Equal([128, 128, 128, 128, 128], obs);
        env.Step([0], obs);
        Assert.Equal([255, 0, 128, 128, 138], obs);
        env.Step([0], obs);   // b again: no change
        Assert.Equal([128, 128, 128, 128, 128], obs);
    }

    [Fact]
    public void Split_frame_difference_puts_lit_up_and_gone_dark_in_two_zero_based_channels()
    {
        byte[] a = [0, 255, 255, 0, 10, 7];
        byte[] b = [255, 0, 255, 0, 30, 7];
        var env = new FrameDifference(new FrameSequenceEnv(1, 3, 2, a, b), DifferenceEncoding.Split);
        Assert.Equal([1, 3, 4], env.ObservationSpace.Shape);
        var obs = new byte[12];
        env.Reset(obs);
        Assert.Equal(new byte[12], obs);
        env.Step([0], obs);
        // Per pixel: [up c0, up c1, down c0, down c1].
        Assert.Equal([255, 0, 0, 255, 0, 0, 0, 0, 20, 0, 0, 0], obs);
        env.Step([0], obs);   // b again: no change
        Assert.Equal(new byte[12], obs);
    }

    [Fact]
    public void Atari_preprocess_is_the_luma_area_average_at_84x84()
    {
        // The top 105 rows white, the rest background: an exact split at output row 42.
        byte[] frame = FrameSequenceEnv.Frame((0, 105, 0, 160, 236, 236, 236));
        var env = new AtariPreprocess(new FrameSequenceEnv(210, 160, 3, frame));
        Assert.Equal([84, 84, 1], env.ObservationSpace.Shape);
        var obs = new byte[84 * 84];
        env.Reset(obs);
        byte white = (byte)MathF.Round(AtariPreprocess.Luma(236, 236, 236));
        byte brown = (byte)MathF.Round(AtariPreprocess.Luma(144, 72, 17));
        Assert.Equal(236, white);
        Assert.Equal(87, brown);   // 0.299·144 + 0.587·72 + 0.114·17 = 86.7
        for (int y = 0; y < 84; y++)
            for (int x = 0; x < 84; x++)
                Assert.Equal(y < 42 ? white : brown, obs[y * 84 + x]);
    }

    [Fact]
    public void Atari_preprocess_averages_a_cell_that_straddles_two_colours()
    {
        // Output row k covers source rows [2.5k, 2.5k + 2.5): row 1 covers 2.5..5. Paint rows 0..3 white:
        // row 1 is then 1.5/2.5 white and 1/2.5 brown.
        byte[] frame = FrameSequenceEnv.Frame((0, 4, 0, 160, 236, 236, 236));
        var env = new AtariPreprocess(new FrameSequenceEnv(210, 160, 3, frame));
        var obs = new byte[84 * 84];
        env.Reset(obs);
        float w = AtariPreprocess.Luma(236, 236, 236), b = AtariPreprocess.Luma(144, 72, 17);
        Assert.Equal((byte)MathF.Round(w), obs[0]);
        Assert.Equal((byte)MathF.Round(0.6f * w + 0.4f * b), obs[84]);
        Assert.Equal((byte)MathF.Round(b), obs[2 * 84]);
    }

    [Fact]
    public void Area_taps_cover_each_source_cell_once()
    {
        foreach ((int n, int m) in new[] { (210, 84), (160, 84), (84, 84), (10, 3) })
        {
            var cover = new double[n];
            foreach ((int start, float[] w) in AtariPreprocess.AreaTaps(n, m))
                for (int t = 0; t < w.Length; t++) cover[start + t] += w[t] * n / m;
            Assert.All(cover, c => Assert.Equal(1.0, c, 4));
        }
    }
}
