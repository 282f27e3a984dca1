using RlLab.Envs;
using RlLab.Envs.Spaces;

namespace RlLab.Envs.Tests.Fakes;

/// <summary>An H×W×C byte env whose pixel (y, x, c) at step t is <see cref="Pixel"/>; never ends.</summary>
sealed class PatternImageEnv(int height, int width, int channels) : IEnv<byte>
{
    int _t;

    public Space ObservationSpace { get; } = Box.Image(height, width, channels);
    public Space ActionSpace { get; } = new Discrete(3);

    public void Reset(Span<byte> observation, int? seed = null)
    {
        _t = 0;
        Write(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<byte> observation)
    {
        _t++;
        Write(observation);
        return new StepResult(0, false, false);
    }

    public static byte Pixel(int t, int y, int x, int c) => (byte)(1 + t * 37 + y * 11 + x * 5 + c * 3);

    void Write(Span<byte> o)
    {
        int i = 0;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < channels; c++)
                    o[i++] = Pixel(_t, y, x, c);
    }
}
