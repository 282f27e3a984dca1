using RlLab.Envs.Spaces;
using RlLab.Sim.Pong;

namespace RlLab.Envs.Pong;

/// <summary>
/// Pong from pixels: the full 210×160 RGB frame, the MIT 80×80 binary image drawn directly, or that
/// image max-pooled 2×2 to 40×40 (<see cref="PongPixelObserver"/>). Under `opponent: policy` the
/// left paddle is an attached <see cref="IPongOpponent"/>'s.
/// </summary>
public sealed class PongEnv : IEnv<byte>, IPongEnv, IFrameSink
{
    readonly PongCore _core;
    readonly PongPixelObserver _observer;

    public PongEnv(PongEnvConfig config)
    {
        if (config.Observation == PongObservation.State) throw new ArgumentException("PongEnv draws images; use PongStateEnv for the state vector");
        _core = new PongCore(config);
        _observer = new PongPixelObserver(config.Observation, mirrored: false);
    }

    public Space ObservationSpace => _observer.Space;
    public Space ActionSpace => PongCore.ActionSpace;
    public PongGame Game => _core.Game;
    public int LastReward => _core.LastReward;
    public PongEnvConfig Config => _core.Config;

    /// <summary>The left paddle's player; required under `opponent: policy`, ignored otherwise.</summary>
    public IPongOpponent? Opponent { get; set; }

    public void Reset(Span<byte> observation, int? seed = null)
    {
        IPongOpponent? opponent = PongOpponents.Required(Config, Opponent);
        _core.Reset(seed);
        _observer.Write(_core.Game, observation, pooled: false);
        opponent?.Reset(_core.Game, seed);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<byte> observation)
    {
        IPongOpponent? opponent = PongOpponents.Required(Config, Opponent);
        StepResult r = _core.Advance((int)action[0], this, out bool pooled, opponent?.Act());
        _observer.Write(_core.Game, observation, pooled);
        opponent?.Observe(_core.Game, pooled, PongOpponents.Mirror(r));
        return r;
    }

    public void FillEpisodeInfo(ref EpisodeInfo info) => _core.FillEpisodeInfo(ref info);
    public IReadOnlyList<MetricSummary> EvaluationSummaries => PongCore.EvaluationSummaries;

    void IFrameSink.DrawBeforeLast()
    {
        _observer.DrawBeforeLast(_core.Game);
        if (Config.Opponent == PongOpponentKind.Policy) Opponent?.DrawBeforeLast(_core.Game);
    }
}
