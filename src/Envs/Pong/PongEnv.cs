using RlLab.Envs.Spaces;
using RlLab.Sim.Pong;

namespace RlLab.Envs.Pong;

/// <summary>
/// Pong from pixels: the full 210×160 RGB frame, or the MIT 80×80 binary image drawn directly.
/// With max pooling the observation is the per-pixel maximum of the step's last two frames
/// (for the MIT image: of their red channels, before binarising, as the full pipeline would do).
/// </summary>
public sealed class PongEnv : IEnv<byte>, IPongEnv, IFrameSink
{
    readonly PongCore _core;
    readonly PongRenderer.View _view;
    readonly byte[] _last, _before;

    public PongEnv(PongEnvConfig config)
    {
        if (config.Observation == PongObservation.State) throw new ArgumentException("PongEnv draws images; use PongStateEnv for the state vector");
        _core = new PongCore(config);
        _view = config.Observation == PongObservation.Mit ? PongRenderer.MitRed : PongRenderer.Full;
        _last = new byte[_view.Size];
        _before = new byte[_view.Size];
        ObservationSpace = config.Observation == PongObservation.Mit ? Box.Image(80, 80, 1) : Box.Image(PongLayout.Height, PongLayout.Width, 3);
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

    void IFrameSink.DrawBeforeLast() => PongRenderer.Render(_core.Game, _view, _before);

    void Write(Span<byte> observation, bool pooled)
    {
        if (observation.Length != _last.Length) throw new ArgumentException($"expected an observation buffer of {_last.Length}, got {observation.Length}");
        if (_view.Channels == 3)
        {
            if (pooled) MaxInto(_last, _before, observation);
            else _last.CopyTo(observation);
            return;
        }
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
