using RlLab.Sim.Pong;

namespace RlLab.Envs.Pong;

/// <summary>
/// The left paddle's player under `opponent: policy` (a league match, self-play): a second policy that
/// sees the game mirrored, as if it held the right paddle. The env calls it at each reset and step.
/// </summary>
public interface IPongOpponent
{
    /// <summary>A game has started (after the no-op start) on <paramref name="seed"/> (null: unseeded): the opponent takes its first look.</summary>
    void Reset(PongGame game, int? seed);

    /// <summary>The opponent's action for the coming step, from what it has seen so far; null: the built-in opponent plays this game.</summary>
    PongAction? Act();

    /// <summary>Max pooling: the step's second-to-last frame is on the screen now.</summary>
    void DrawBeforeLast(PongGame game);

    /// <summary>The step was played; <paramref name="result"/> is the opponent's own (its reward is the agent's, negated).</summary>
    void Observe(PongGame game, bool pooled, StepResult result);
}
