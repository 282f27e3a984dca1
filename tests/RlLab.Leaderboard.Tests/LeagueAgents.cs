
namespace RlLab.Leaderboard.Tests;

/// <summary>
/// Tiny Pong state-vector agents for the league tests (one short PPO run each, about a second): three at
/// the league's frameskip 4, of different seeds, and one at frameskip 5 that the league refuses.
/// </summary>
public sealed class LeagueAgents : IDisposable
{
    readonly TempDir _dir = new();

    public LeagueAgents()
    {
        A = Train("ann", 1, 4, 256);
        B = Train("bob", 2, 4, 128);
        C = Train("cyd", 3, 4, 64);
        Skip5 = Train("five", 4, 5, 64);
    }

    public string A { get; }
    public string B { get; }
    public string C { get; }
    public string Skip5 { get; }

    string Train(string name, int seed, int frameskip, int steps) =>
        RlLab.Tests.Shared.TinyPongAgent.TrainBundle(_dir.Path, name, seed, steps, frameskip, "league test agent");

    public void Dispose() => _dir.Dispose();
}
