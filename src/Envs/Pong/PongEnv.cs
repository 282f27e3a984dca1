using RlLab.Envs.Spaces;
using RlLab.Sim.Pong;

namespace RlLab.Envs.Pong;

/// <summary>
/// Pong from pixels: the full 210×160 RGB frame, the MIT 80×80 binary image drawn directly, or that
/// image max-pooled 2×2 to 40×40. With max pooling the observation is the per-pixel maximum of the
/// step's last two frames (for the MIT images: of their red channels, before binarising, as the full
/// pipeline would do).
/// </summary>
public sealed class PongEnv : IEnv<byte>, IPongEnv, IFrameSink
{
    readonly PongCore _core;
    readonly PongRenderer.View _view;
    readonly byte[] _last, _before;
    readonly byte[]? _mit;   // the 80×80 binary image that `small` pools
    readonly int _size;

    public PongEnv(PongEnvConfig config)
    {
        if (config.Observation == PongObservation.State) throw new ArgumentException("PongEnv draws images; use PongStateEnv for the state vector");
        _core = new PongCore(config);
        _view = config.Observation == PongObservation.Rgb ? PongRenderer.Full : PongRenderer.MitRed;
        _last = new byte[_view.Size];
        _before = new byte[_view.Size];
        if (config.Observation == PongObservation.Small) _mit = new byte[_view.Size];
        ObservationSpace = config.Observation switch
        {
            PongObservation.Mit => Box.Image(MitFrames.Size, MitFrames.Size, 1),
            PongObservation.Small => Box.Image(SmallSize, SmallSize, 1),
            _ => Box.Image(PongLayout.Height, PongLayout.Width, 3),
        };
        _size = ObservationSpace.FlatSize;
    }

    public Space ObservationSpace { get; }
    public Space ActionSpace => PongCore.ActionSpace;
    public PongGame Game => _core.Game;
    public int LastReward => _core.LastReward;
    public PongEnvConfig Config => _core.Config;

    public void Reset(Span<byte> observation, int? seed = null)
    {
        _core.Reset(seed);
        PongRenderer.Render(_core.Game, _view, _last);
        Write(observation, pooled: false);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<byte> observation)
    {
        StepResult r = _core.Advance((int)action[0], this, out bool pooled);
        PongRenderer.Render(_core.Game, _view, _last);
        Write(observation, pooled);
        return r;
    }

    /// <summary>The side of the `small` observation: the MIT image's 80 pooled 2×2.</summary>
    public const int SmallSize = MitFrames.Size / 2;

    void IFrameSink.DrawBeforeLast() => PongRenderer.Render(_core.Game, _view, _before);

    void Write(Span<byte> observation, bool pooled)
    {
        if (observation.Length != _size) throw new ArgumentException($"expected an observation buffer of {_size}, got {observation.Length}");
        if (_mit is not null)
        {
            WriteMit(_mit, pooled);
            MitFrames.MaxPool2(_mit, MitFrames.Size, observation);
            return;
        }
        if (_view.Channels == 3)
        {
            if (pooled) MaxInto(_last, _before, observation);
            else _last.CopyTo(observation);
            return;
        }
        WriteMit(observation, pooled);
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
