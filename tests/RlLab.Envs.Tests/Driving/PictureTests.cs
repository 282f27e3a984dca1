using RlLab.Envs.Driving;
using RlLab.Sim.Sensors;
using static RlLab.Envs.Tests.Driving.DrivingTestKit;

namespace RlLab.Envs.Tests.Driving;

/// <summary>The car centred on the oval's straight: the pictures must show road down the middle and grass at the edges.</summary>
public class PictureTests
{
    static byte[] Render(string mode, int width, int height, int channels, double offset = 0)
    {
        using var env = (DrivingImageEnv)Make(("observation", mode), ("track", OvalPath), ("width", width), ("height", height), ("channels", channels));
        var obs = new byte[width * height * channels];
        env.Reset(obs, 0);
        // On the bottom straight, heading exactly along it, the body centre 20 m into it.
        Place(env.Core, 20, offset, 0);
        env.Step(new float[1], obs);
        Assert.False(env.Core.Crash != RlLab.Sim.Rules.CrashCause.None);
        return obs;
    }

    static Rgb Pixel(byte[] img, int width, int r, int c) => new(img[(r * width + c) * 3], img[(r * width + c) * 3 + 1], img[(r * width + c) * 3 + 2]);

    [Fact]
    public void TopDown_RoadDownTheMiddle_GrassAtTheEdges_CarInTheCentre()
    {
        const int w = 64, h = 64;
        byte[] img = Render("topdown", w, h, 3);
        Palette p = Palette.Default;
        for (int r = 0; r < h; r += 4)
        {
            if (r >= 40 && r <= 55) continue;    // the car is drawn there
            Assert.Equal(p.Road, Pixel(img, w, r, w / 2));
            Assert.Equal(p.Grass, Pixel(img, w, r, 0));
            Assert.Equal(p.Grass, Pixel(img, w, r, w - 1));
            // 0.5 m/px: the 4 m road spans 8 pixels, centred.
            int road = Enumerable.Range(0, w).Count(c => Pixel(img, w, r, c) != p.Grass);
            Assert.InRange(road, 7, 9);
            Assert.Equal(Pixel(img, w, r, w / 2 - 3), Pixel(img, w, r, w / 2 + 2));
        }
        Assert.Equal(p.Car, Pixel(img, w, 48, w / 2));
    }

    [Fact]
    public void TopDown_OffsetCar_SeesTheRoadShifted()
    {
        const int w = 64, h = 64;
        byte[] img = Render("topdown", w, h, 3, offset: 1.5);
        Palette p = Palette.Default;
        // The car is 1.5 m left of the centreline, so the road centre is 3 pixels right of the image centre.
        Assert.Equal(p.Road, Pixel(img, w, 8, w / 2 + 3));
        Assert.Equal(p.Grass, Pixel(img, w, 8, w / 2 - 6));
    }

    [Theory]
    [InlineData(64, 64)]
    [InlineData(320, 200)]
    public void Camera_RoadAhead_GrassToTheSides_SkyAbove(int w, int h)
    {
        byte[] img = Render("camera", w, h, 3);
        Palette p = Palette.Default;
        Assert.Equal(p.Sky, Pixel(img, w, 0, 0));
        Assert.Equal(p.Road, Pixel(img, w, h - 1, w / 2));
        // Some row below the horizon shows road in the middle and grass at both edges.
        bool found = false;
        for (int r = h / 2; r < h; r++)
            if (Pixel(img, w, r, w / 2) == p.Road && Pixel(img, w, r, 0) == p.Grass && Pixel(img, w, r, w - 1) == p.Grass) found = true;
        Assert.True(found);
        // Centred car: the picture is left-right symmetric, up to the 0.25 m grid cells along the edges.
        int asymmetric = 0;
        for (int r = 0; r < h; r++)
            for (int c = 0; c < w / 2; c++)
                if (Pixel(img, w, r, c) != Pixel(img, w, r, w - 1 - c)) asymmetric++;
        Assert.True(asymmetric < w * h / 20, $"{asymmetric} asymmetric pixels");
    }

    [Fact]
    public void Camera_Grey_UsesLuma()
    {
        byte[] img = Render("camera", 64, 64, 1);
        Assert.Equal(Palette.Default.Sky.Luma, img[0]);
        Assert.Equal(Palette.Default.Road.Luma, img[63 * 64 + 32]);
    }

    [Fact]
    public void Randomize_ChangesColoursPerEpisode_NoiseStaysInRange()
    {
        using var env = (DrivingImageEnv)Make(("observation", "camera"), ("randomize", new Dictionary<string, object?> { ["colors"] = true, ["brightness"] = 0.3, ["noise"] = 8 }));
        var obs = new byte[env.ObservationSpace.FlatSize];
        env.Reset(obs, 1);
        Palette first = env.Palette;
        env.Reset(obs);
        Assert.NotEqual(first, env.Palette);
        // Noise: sky pixels scatter around the sky colour by at most 8.
        Rgb sky = env.Palette.Sky;
        Assert.InRange(obs[0], Math.Max(0, sky.R - 8), Math.Min(255, sky.R + 8));
        Assert.True(obs.Take(64 * 3).Distinct().Count() > 3);
    }
}

/// <summary>The AVX2 paths give the same bytes and distances as the scalar loops (so results do not depend on the CPU).</summary>
[Collection("SimdPaths")]
public class SimdPathTests
{
    [Theory]
    [InlineData("topdown", 64, 64, 3)]
    [InlineData("topdown", 37, 29, 1)]
    [InlineData("camera", 64, 64, 3)]
    [InlineData("camera", 320, 200, 3)]
    [InlineData("camera", 50, 30, 1)]
    [InlineData("lidar", 0, 0, 0)]
    public void VectorAndScalarPaths_Agree(string mode, int width, int height, int channels)
    {
        float[] Run(bool simd)
        {
            RlLab.Sim.SimdPaths.Enabled = simd;
            try
            {
                var options = new List<(string, object?)> { ("observation", mode), ("tracks", "0-3") };
                if (mode != "lidar") options.AddRange([("width", width), ("height", height), ("channels", channels)]);
                else options.Add(("rays", 37));
                IEnv env = DrivingTestKit.Make([.. options]);
                var core = ((IDrivingEnv)env).Core;
                var all = new List<float>();
                var action = new float[1];
                if (env is IEnv<float> f)
                {
                    var obs = new float[f.ObservationSpace.FlatSize];
                    f.Reset(obs, 4);
                    for (int i = 0; i < 60; i++) { action[0] = CentrelineDriver.Curvature(core) + 0.01f * MathF.Sin(i); f.Step(action, obs); all.AddRange(obs); }
                }
                else
                {
                    var b = (IEnv<byte>)env;
                    var obs = new byte[b.ObservationSpace.FlatSize];
                    b.Reset(obs, 4);
                    for (int i = 0; i < 60; i++) { action[0] = CentrelineDriver.Curvature(core) + 0.01f * MathF.Sin(i); b.Step(action, obs); all.AddRange(obs.Select(v => (float)v)); }
                }
                return [.. all];
            }
            finally { RlLab.Sim.SimdPaths.Enabled = true; }
        }
        Assert.Equal(Run(false), Run(true));
    }
}
