using RlLab.Envs.Spaces;
using RlLab.Sim.Pong;

namespace RlLab.Envs.Pong;

/// <summary>
/// Pong with a state vector (<see cref="PongStateObserver"/>), for fast tests and small policies.
/// Under `opponent: policy` the left paddle is an attached <see cref="IPongOpponent"/>'s.
/// </summary>
public sealed class PongStateEnv : IEnv<float>, IPongEnv, IFrameSink
{
    public const int Size = PongStateObserver.Size;
    readonly PongCore _core;
    readonly PongStateObserver _observer;

    public PongStateEnv(PongEnvConfig config)
    {
        _core = new PongCore(config);
        _observer = new PongStateObserver(mirrored: false, config.StateGrid, config.StateVelocity);
    }

    public Space ObservationSpace => PongStateObserver.Space;
    public Space ActionSpace => PongCore.ActionSpace;
    public PongGame Game => _core.Game;
    public int LastReward => _core.LastReward;
    public PongEnvConfig Config => _core.Config;

    /// <summary>The left paddle's player; required under `opponent: policy`, ignored otherwise.</summary>
    public IPongOpponent? Opponent { get; set; }

    public void Reset(Span<float> observation, int? seed = null)
    {
        IPongOpponent? opponent = PongOpponents.Required(Config, Opponent);
        _core.Reset(seed);
        _observer.Write(_core.Game, observation);
        opponent?.Reset(_core.Game, seed);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        IPongOpponent? opponent = PongOpponents.Required(Config, Opponent);
        StepResult r = _core.Advance((int)action[0], this, out bool pooled, opponent?.Act());
        _observer.Write(_core.Game, observation);
        opponent?.Observe(_core.Game, pooled, PongOpponents.Mirror(r));
        return r;
    }

    public void FillEpisodeInfo(ref EpisodeInfo info) => _core.FillEpisodeInfo(ref info);
    public IReadOnlyList<MetricSummary> EvaluationSummaries => PongCore.EvaluationSummaries;

    void IFrameSink.DrawBeforeLast() { }
}
