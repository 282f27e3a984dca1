using RlLab.Envs.Spaces;

namespace RlLab.Envs.Wrappers;

/// <summary>
/// Gymnasium's ClipAction: clamps a Box action into the inner env's bounds before passing it on.
/// The caller's action buffer is not modified. As in Gymnasium the wrapped action space is
/// unbounded (−∞, +∞) with the inner shape, so a Gaussian policy may sample freely.
/// </summary>
public sealed class ClipAction<TObs> : Wrapper<TObs> where TObs : unmanaged
{
    readonly Box _bounds;
    readonly float[] _clipped;

    public ClipAction(IEnv<TObs> inner) : base(inner)
    {
        if (inner.ActionSpace is not Box box)
            throw new ArgumentException($"ClipAction needs a Box action space, got {inner.ActionSpace}");
        _bounds = box;
        _clipped = new float[box.FlatSize];
        ActionSpace = Box.Uniform(float.NegativeInfinity, float.PositiveInfinity, [.. box.Shape]);
    }

    public override Space ActionSpace { get; }

    public override StepResult Step(ReadOnlySpan<float> action, Span<TObs> observation)
    {
        if (action.Length != _clipped.Length) throw new ArgumentException($"expected {_clipped.Length} action values, got {action.Length}");
        action.CopyTo(_clipped);
        _bounds.Clip(_clipped);
        return Inner.Step(_clipped, observation);
    }
}
