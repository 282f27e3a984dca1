using RlLab.Envs;
using RlLab.Envs.Classic;
using RlLab.Envs.Spaces;
using RlLab.Envs.Wrappers;
using RlLab.Viz.Input;
using RlLab.Viz.Rendering;
using RlLab.Viz.Scenes;
using RlLab.Viz.Viewer;

namespace RlLab.Viz.Tests;

public sealed class InsetTests
{
    /// <summary>CartPole seen through a made-up 12×8 RGB image whose pixels change every step.</summary>
    sealed class PatternImage(CartPole inner) : IEnv<byte>, IWrapper
    {
        public const int W = 12, H = 8;
        int _steps;
        public IEnv InnerEnv => inner;
        public Space ObservationSpace { get; } = Box.Image(H, W, 3);
        public Space ActionSpace => inner.ActionSpace;

        public static byte Value(int x, int y, int c, int step) => (byte)((x * 20 + y * 30 + c * 70 + step * 11) % 256);

        public void Reset(Span<byte> observation, int? seed = null)
        {
            inner.Reset(new float[4], seed);
            _steps = 0;
            Fill(observation);
        }

        public StepResult Step(ReadOnlySpan<float> action, Span<byte> observation)
        {
            StepResult r = inner.Step(action, new float[4]);
            _steps++;
            Fill(observation);
            return r;
        }

        void Fill(Span<byte> o)
        {
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++)
                    for (int c = 0; c < 3; c++) o[(y * W + x) * 3 + c] = Value(x, y, c, _steps);
        }
    }

    [Fact]
    public void InsetShowsTheObservationPixelForPixel()
    {
        const int Width = 640, Height = 360;
        var env = new PatternImage(new CartPole());
        using var runner = new EpisodeRunner<byte>(env, (_, a) => a[0] = 1, seed: 0);
        IScene scene = SceneFactory.Create(env);
        Assert.IsType<CartPoleScene>(scene);
        using var window = Gl.HiddenWindow();
        using var renderer = new FrameRenderer(window.Gl);
        using var target = new RenderTarget(window.Gl, Width, Height);
        target.Bind();
        runner.Reset();
        runner.Step();
        runner.Step();
        renderer.Render(scene, runner, new FrameStatus(CameraMode.Overview, 1, 1, false, 0), Width, Height);
        byte[] rgb = FrameCapture.ReadRgb(window.Gl, Width, Height);

        var (x0, y0, f) = FrameRenderer.ImageInset(Width, Height, PatternImage.W, PatternImage.H);
        Assert.True(f >= 2);
        for (int y = 0; y < PatternImage.H; y++)
            for (int x = 0; x < PatternImage.W; x++)
            {
                // The centre of each scaled-up observation pixel.
                int px = x0 + x * f + f / 2, py = y0 + y * f + f / 2;
                var expected = new Rgba(PatternImage.Value(x, y, 0, 2), PatternImage.Value(x, y, 1, 2), PatternImage.Value(x, y, 2, 2));
                CartPoleViewerTests.AssertColor(rgb, Width, new(px, py), expected, tolerance: 0);
            }
    }
}
