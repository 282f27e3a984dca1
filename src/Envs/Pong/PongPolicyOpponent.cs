using RlLab.Sim.Pong;

namespace RlLab.Envs.Pong;

/// <summary>Picks an action (0..5) from an observation.</summary>
public delegate int PongActor<TObs>(ReadOnlySpan<TObs> observation);

/// <summary>
/// A policy holding the left paddle: its own env stack (the policy's observation wrappers over a
/// <see cref="PongOpponentFeed{TObs}"/>) turns the mirrored pictures into what the policy was trained on.
/// </summary>
public sealed class PongPolicyOpponent<TObs> : IPongOpponent where TObs : unmanaged
{
    readonly PongOpponentFeed<TObs> _feed;
    readonly IEnv<TObs> _stack;
    readonly TObs[] _observation;
    readonly float[] _action = new float[1];
    readonly PongActor<TObs> _act;

    /// <param name="wrap">Builds the opponent's wrappers over the feed (the identity for none).</param>
    public PongPolicyOpponent(PongOpponentFeed<TObs> feed, Func<IEnv<TObs>, IEnv<TObs>> wrap, PongActor<TObs> act)
    {
        _feed = feed;
        _stack = wrap(feed);
        _observation = new TObs[_stack.ObservationSpace.FlatSize];
        _act = act;
    }

    /// <summary>What the policy sees after its wrappers.</summary>
    public IEnv<TObs> Stack => _stack;

    public void Reset(PongGame game, int? seed)
    {
        _feed.Show(game);
        _stack.Reset(_observation);
    }

    public PongAction? Act()
    {
        int a = _act(_observation);
        if ((uint)a > 5) throw new InvalidOperationException($"the opponent's policy chose action {a}; Pong's are 0..5");
        _action[0] = a;
        return (PongAction)a;
    }

    public void DrawBeforeLast(PongGame game) => _feed.DrawBeforeLast(game);

    public void Observe(PongGame game, bool pooled, StepResult result)
    {
        _feed.Played(pooled, result);
        _stack.Step(_action, _observation);
    }
}
