using RlLab.Envs.Spaces;
using RlLab.Sim.Pong;

namespace RlLab.Envs.Pong;

/// <summary>
/// One player's picture of a game: the full RGB frame, the MIT 80×80 binary image, its 40×40 max
/// or mean pool or its 80×40 column pool, or the 40×40 anti-aliased picture (<see cref="SmoothFrames"/>),
/// seen from the right (the agent) or mirrored (the left player, shown the game as if it held the right
/// paddle). With max pooling the picture is the per-pixel
/// maximum of the step's last two frames (for the MIT images: of their red channels, before
/// binarising, as the full pipeline would do).
/// </summary>
public sealed class PongPixelObserver
{
    readonly PongRenderer.View _view;
    readonly byte[] _last, _before;
    readonly byte[]? _mit;   // the 80×80 binary image that `small`, `small_mean` and `tall` pool
    readonly PongObservation _observation;
    readonly bool _mirrored;

    public PongPixelObserver(PongObservation observation, bool mirrored)
    {
        if (observation == PongObservation.State) throw new ArgumentException("PongPixelObserver draws images; the state vector is PongStateObserver's");
        _mirrored = mirrored;
        _observation = observation;
        _view = observation == PongObservation.Rgb ? PongRenderer.Full : PongRenderer.MitRed;
        int frame = observation == PongObservation.SmallAa ? SmoothFrames.Size * SmoothFrames.Size : _view.Size;
        _last = new byte[frame];
        _before = new byte[frame];
        if (observation is PongObservation.Small or PongObservation.SmallMean or PongObservation.Tall) _mit = new byte[_view.Size];
        Space = observation switch
        {
            PongObservation.Mit => Box.Image(MitFrames.Size, MitFrames.Size, 1),
            PongObservation.Small or PongObservation.SmallMean => Box.Image(SmallSize, SmallSize, 1),
            PongObservation.SmallAa => Box.Image(SmoothFrames.Size, SmoothFrames.Size, 1),
            PongObservation.Tall => Box.Image(MitFrames.Size, SmallSize, 1),
            _ => Box.Image(PongLayout.Height, PongLayout.Width, 3),
        };
        Size = Space.FlatSize;
    }

    /// <summary>The side of the `small` picture (and the width of `tall`): the MIT image's 80 pooled by 2.</summary>
    public const int SmallSize = MitFrames.Size / 2;

    public Box Space { get; }
    public int Size { get; }

    /// <summary>Draws the step's second-to-last frame (max pooling).</summary>
    public void DrawBeforeLast(PongGame game)
    {
        if (_observation == PongObservation.SmallAa) SmoothFrames.Render(game, _before, _mirrored);
        else PongRenderer.Render(game, _view, _before, _mirrored);
    }

    /// <summary>Draws the current frame and writes the picture; <paramref name="pooled"/>: the frame before it was drawn this step.</summary>
    public void Write(PongGame game, Span<byte> observation, bool pooled)
    {
        if (observation.Length != Size) throw new ArgumentException($"expected an observation buffer of {Size}, got {observation.Length}");
        if (_observation == PongObservation.SmallAa)
        {
            if (!pooled) SmoothFrames.Render(game, observation, _mirrored);
            else
            {
                SmoothFrames.Render(game, _last, _mirrored);
                MaxInto(_last, _before, observation);
            }
            return;
        }
        PongRenderer.Render(game, _view, _last, _mirrored);
        if (_mit is not null)
        {
            WriteMit(_mit, pooled);
            if (_observation == PongObservation.SmallMean) MitFrames.MeanPool(_mit, MitFrames.Size, observation);
            else MitFrames.MaxPool(_mit, MitFrames.Size, _observation == PongObservation.Tall ? 1 : 2, observation);
        }
        else if (_view.Channels == 3)
        {
            if (pooled) MaxInto(_last, _before, observation);
            else _last.CopyTo(observation);
        }
        else
        {
            WriteMit(observation, pooled);
        }
    }

    void WriteMit(Span<byte> observation, bool pooled)
    {
        ReadOnlySpan<byte> last = _last, before = _before;
        if (pooled)
            for (int i = 0; i < last.Length; i++) observation[i] = MitFrames.Binarise(Math.Max(last[i], before[i]));
        else
            for (int i = 0; i < last.Length; i++) observation[i] = MitFrames.Binarise(last[i]);
    }

    static void MaxInto(byte[] a, byte[] b, Span<byte> dst)
    {
        var va = new ReadOnlySpan<byte>(a);
        var vb = new ReadOnlySpan<byte>(b);
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            int n = System.Numerics.Vector<byte>.Count;
            for (; i <= a.Length - n; i += n)
                System.Numerics.Vector.Max(new System.Numerics.Vector<byte>(va.Slice(i, n)), new System.Numerics.Vector<byte>(vb.Slice(i, n))).CopyTo(dst.Slice(i, n));
        }
        for (; i < a.Length; i++) dst[i] = Math.Max(a[i], b[i]);
    }
}
