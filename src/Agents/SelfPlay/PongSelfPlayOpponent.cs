using RlLab.Agents.Evaluation;
using RlLab.Agents.Policies;
using RlLab.Envs;
using RlLab.Envs.Pong;
using RlLab.Sim.Pong;

namespace RlLab.Agents.SelfPlay;

/// <summary>
/// The left paddle of one training env under self-play: each game (at its reset) it asks the pool for
/// an opponent, then plays that snapshot through its own mirrored observation stack, or lets the
/// built-in opponent play. Snapshots act deterministically, as agents do in matches and the league.
/// </summary>
sealed class PongSelfPlayOpponent<TObs> : IPongOpponent, ISelfPlayOpponent where TObs : unmanaged
{
    readonly OpponentPool _pool;
    readonly PongPolicyOpponent<TObs> _player;
    readonly Dictionary<OpponentPool.Snapshot, IRolloutPolicy<TObs>> _actors = [];
    readonly float[] _action = new float[1];
    readonly int _observationSize;
    OpponentPool.Snapshot? _current;
    IRolloutPolicy<TObs>? _actor;
    bool _resuming;
    OpponentPool.Snapshot? _resumeWith;
    int _unseeded;

    public PongSelfPlayOpponent(OpponentPool pool, PongOpponentFeed<TObs> feed, Func<IEnv<TObs>, IEnv<TObs>> wrap)
    {
        _pool = pool;
        _player = new PongPolicyOpponent<TObs>(feed, wrap, Act);
        _observationSize = _player.Stack.ObservationSpace.FlatSize;
        pool.Register(this);
    }

    public OpponentPool.Snapshot? Current => _current;

    public void Reset(PongGame game, int? seed)
    {
        if (_current is not null) _pool.GameEnded();
        _current = _resuming ? _resumeWith : _pool.Choose(seed ?? _unseeded++);
        _resuming = false;
        _resumeWith = null;
        if (_current is null) return;
        _actor = ActorFor(_current);
        Evaluator.Freeze(_player.Stack, _current.ObservationStatistics);
        _player.Reset(game, seed);
    }

    IRolloutPolicy<TObs> ActorFor(OpponentPool.Snapshot s)
    {
        if (_actors.TryGetValue(s, out var actor)) return actor;
        actor = FastMlpPolicy.TryCreate<TObs>(s.Network, _observationSize, batch: 1, steps: 1)
            ?? new PolicyRunner<TObs>(s.Network, 1, _player.Stack.ObservationSpace.Shape, TorchSharp.torch.CPU);
        _actors[s] = actor;
        return actor;
    }

    int Act(ReadOnlySpan<TObs> observation)
    {
        _actor!.Act(observation, _action, default, default, deterministic: true, generator: null);
        return (int)_action[0];
    }

    public PongAction? Act() => _current is null ? null : _player.Act();

    public void DrawBeforeLast(PongGame game)
    {
        if (_current is not null) _player.DrawBeforeLast(game);
    }

    public void Observe(PongGame game, bool pooled, StepResult result)
    {
        if (_current is not null) _player.Observe(game, pooled, result);
    }

    public void ResumeWith(OpponentPool.Snapshot? snapshot)
    {
        _current = null;
        _resuming = true;
        _resumeWith = snapshot;
    }

    public void Forget(OpponentPool.Snapshot snapshot)
    {
        if (_actors.Remove(snapshot, out var actor)) actor.Dispose();
        if (_current == snapshot) _current = null;
    }
}
