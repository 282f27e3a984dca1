using RlLab.Envs.Spaces;
using RlLab.Sim.Pong;

namespace RlLab.Envs.Pong;

/// <summary>
/// The bottom of an opponent's env stack: an env that plays nothing itself but hands the opponent's
/// wrappers (a frame stack, say) its mirrored picture of the shared game after each step.
/// </summary>
public sealed class PongOpponentFeed<TObs> : IEnv<TObs> where TObs : unmanaged
{
    readonly Action<PongGame, Span<TObs>, bool> _write;
    readonly Action<PongGame> _drawBeforeLast;
    PongGame? _game;
    bool _pooled;
    StepResult _result;

    PongOpponentFeed(Space space, Action<PongGame, Span<TObs>, bool> write, Action<PongGame> drawBeforeLast)
    {
        ObservationSpace = space;
        _write = write;
        _drawBeforeLast = drawBeforeLast;
    }

    public Space ObservationSpace { get; }
    public Space ActionSpace => PongCore.ActionSpace;

    /// <summary>The next reset shows this game.</summary>
    public void Show(PongGame game) => _game = game;

    /// <summary>The next step shows the game as it is now, with this result.</summary>
    public void Played(bool pooled, StepResult result)
    {
        _pooled = pooled;
        _result = result;
    }

    public void DrawBeforeLast(PongGame game) => _drawBeforeLast(game);

    public void Reset(Span<TObs> observation, int? seed = null) => _write(Game, observation, false);

    public StepResult Step(ReadOnlySpan<float> action, Span<TObs> observation)
    {
        _write(Game, observation, _pooled);
        return _result;
    }

    PongGame Game => _game ?? throw new InvalidOperationException("the opponent's feed has no game yet");

    /// <summary>A mirrored picture: rgb, mit or one of its pools.</summary>
    public static PongOpponentFeed<byte> Pixels(PongObservation observation)
    {
        var observer = new PongPixelObserver(observation, mirrored: true);
        return new PongOpponentFeed<byte>(observer.Space, observer.Write, observer.DrawBeforeLast);
    }

    /// <summary>A mirrored state vector.</summary>
    public static PongOpponentFeed<float> State()
    {
        var observer = new PongStateObserver(mirrored: true);
        return new PongOpponentFeed<float>(PongStateObserver.Space, (g, o, _) => observer.Write(g, o), _ => { });
    }
}
