using RlLab.Envs.Spaces;

namespace RlLab.Envs.Wrappers;

/// <summary>
/// Gymnasium's ClipAction: clamps a Box action into the inner env's bounds before passing it on.
/// The caller's action buffer is not modified. This is the one place actions are clipped: the env
/// stack puts it on top of every Box-action env (<see cref="Registry.EnvStack"/>), so training,
/// evaluation, races, the viewer and recordings hand the env the policy's raw action.
/// Listed as the <c>clip_action</c> wrapper, the wrapped action space is unbounded (−∞, +∞) with
/// the inner shape, as in Gymnasium; added by the stack, it declares the inner bounds, so that the
/// policy, bundles and races see the env's own space.
/// </summary>
public sealed class ClipAction<TObs> : Wrapper<TObs> where TObs : unmanaged
{
    readonly Box _bounds;
    readonly float[] _clipped;

    /// <param name="unbounded">True (Gymnasium): declare (−∞, +∞); false: declare the inner env's bounds.</param>
    public ClipAction(IEnv<TObs> inner, bool unbounded = true) : base(inner)
    {
        if (inner.ActionSpace is not Box box)
            throw new ArgumentException($"ClipAction needs a Box action space, got {inner.ActionSpace}");
        _bounds = box;
        _clipped = new float[box.FlatSize];
        ActionSpace = unbounded ? Box.Uniform(float.NegativeInfinity, float.PositiveInfinity, [.. box.Shape]) : box;
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
