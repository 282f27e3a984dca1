using RlLab.Envs.Spaces;

namespace RlLab.Envs.Tests.Pong;

/// <summary>A byte env that plays back hand-built frames: frame 0 at reset, frame t at step t (the last repeats).</summary>
sealed class FrameSequenceEnv(int height, int width, int channels, params byte[][] frames) : IEnv<byte>
{
    int _t;

    public Space ObservationSpace { get; } = Box.Image(height, width, channels);
    public Space ActionSpace { get; } = new Discrete(6);

    public void Reset(Span<byte> observation, int? seed = null)
    {
        _t = 0;
        frames[0].CopyTo(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<byte> observation)
    {
        _t = Math.Min(_t + 1, frames.Length - 1);
        frames[_t].CopyTo(observation);
        return new StepResult(0, false, false);
    }

    /// <summary>A 210×160 frame of Pong's background with the given rectangles painted.</summary>
    public static byte[] Frame(params (int Y0, int Y1, int X0, int X1, byte R, byte G, byte B)[] rects)
    {
        var f = new byte[210 * 160 * 3];
        for (int i = 0; i < f.Length; i += 3) (f[i], f[i + 1], f[i + 2]) = ((byte)144, (byte)72, (byte)17);
        foreach (var r in rects)
            for (int y = r.Y0; y < r.Y1; y++)
                for (int x = r.X0; x < r.X1; x++)
                    (f[(y * 160 + x) * 3], f[(y * 160 + x) * 3 + 1], f[(y * 160 + x) * 3 + 2]) = (r.R, r.G, r.B);
        return f;
    }
}
