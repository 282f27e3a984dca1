using RlLab.Envs.Spaces;
using RlLab.Envs.Tests.Fakes;
using RlLab.Envs.Wrappers;

namespace RlLab.Envs.Tests.Wrappers;

public class FrameStackTests
{
    [Fact]
    public void Float_vectors_are_concatenated_oldest_first_with_reset_padding()
    {
        var env = new FrameStack<float>(new CountingEnv(2), 3);
        Assert.Equal([6], env.ObservationSpace.Shape);
        var obs = new float[6];
        env.Reset(obs, 1);
        float V(int t, int i) => CountingEnv.Value(100, t, i);
        Assert.Equal([V(0, 0), V(0, 1), V(0, 0), V(0, 1), V(0, 0), V(0, 1)], obs);
        env.Step([0f, 0f], obs);
        Assert.Equal([V(0, 0), V(0, 1), V(0, 0), V(0, 1), V(1, 0), V(1, 1)], obs);
        env.Step([0f, 0f], obs);
        env.Step([0f, 0f], obs);
        Assert.Equal([V(1, 0), V(1, 1), V(2, 0), V(2, 1), V(3, 0), V(3, 1)], obs);

        // A reset clears the history.
        env.Reset(obs, 2);
        Assert.All(obs.Chunk(2), pair => Assert.Equal([CountingEnv.Value(200, 0, 0), CountingEnv.Value(200, 0, 1)], pair));
    }

    [Fact]
    public void Zero_padding_leaves_older_frames_empty()
    {
        var env = new FrameStack<float>(new CountingEnv(2), 3, FramePadding.Zero);
        var obs = new float[6];
        env.Reset(obs, 1);
        Assert.Equal([0f, 0f, 0f, 0f, CountingEnv.Value(100, 0, 0), CountingEnv.Value(100, 0, 1)], obs);
        env.Step([0f, 0f], obs);
        Assert.Equal([0f, 0f, CountingEnv.Value(100, 0, 0), CountingEnv.Value(100, 0, 1), CountingEnv.Value(100, 1, 0), CountingEnv.Value(100, 1, 1)], obs);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Images_stack_along_the_channel_axis(int k)
    {
        const int h = 2, w = 3, c = 2;
        var env = new FrameStack<byte>(new PatternImageEnv(h, w, c), k);
        var space = Assert.IsType<Box>(env.ObservationSpace);
        Assert.Equal([h, w, c * k], space.Shape);
        Assert.Equal(DType.UInt8, space.DType);
        var obs = new byte[h * w * c * k];
        env.Reset(obs);
        for (int t = 0; t <= 6; t++)
        {
            if (t > 0) env.Step([0f], obs);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    for (int j = 0; j < k; j++)
                        for (int ch = 0; ch < c; ch++)
                        {
                            int frameTime = Math.Max(0, t - (k - 1) + j);
                            int index = ((y * w + x) * k + j) * c + ch;
                            Assert.Equal(PatternImageEnv.Pixel(frameTime, y, x, ch), obs[index]);
                        }
        }
    }

    [Fact]
    public void Bounds_follow_the_stacked_layout()
    {
        var env = new FrameStack<float>(new BoundsEnv(), 2);
        var box = Assert.IsType<Box>(env.ObservationSpace);
        Assert.Equal([1, 3, 4], box.Shape);
        Assert.Equal([-1f, -2f, -1f, -2f, -1f, -2f, -1f, -2f, -1f, -2f, -1f, -2f], box.Low);
        Assert.Equal([1f, 2f, 1f, 2f, 1f, 2f, 1f, 2f, 1f, 2f, 1f, 2f], box.High);
    }

    sealed class BoundsEnv : IEnv<float>
    {
        public Space ObservationSpace { get; } = new Box([-1f, -2f, -1f, -2f, -1f, -2f], [1f, 2f, 1f, 2f, 1f, 2f], [1, 3, 2]);
        public Space ActionSpace => new Discrete(2);
        public void Reset(Span<float> observation, int? seed = null) { }
        public StepResult Step(ReadOnlySpan<float> action, Span<float> observation) => default;
    }
}
