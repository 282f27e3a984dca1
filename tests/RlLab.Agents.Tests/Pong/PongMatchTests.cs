using System.Text.Json;
using RlLab.Agents.Config;
using RlLab.Agents.Matches;
using RlLab.Agents.Policies;
using RlLab.Agents.Tests.Cli;
using RlLab.Agents.Training;

namespace RlLab.Agents.Tests.Pong;

/// <summary>Two agents play each other (`rllab match`): sides, seeds and scores are kept straight.</summary>
public sealed class PongMatchTests : IClassFixture<PongMatchTests.Agents>
{
    /// <summary>Three tiny state-vector agents (one PPO iteration each): two at frameskip 4, one at frameskip 5.</summary>
    public sealed class Agents : IDisposable
    {
        readonly TempDir _dir = new();

        public Agents()
        {
            A = Train("a", 1, 4);
            B = Train("b", 2, 4);
            Skip5 = Train("c", 3, 5);
        }

        public string A { get; }
        public string B { get; }
        public string Skip5 { get; }
        public string Folder => _dir.Path;

        string Train(string name, int seed, int frameskip) =>
            RlLab.Tests.Shared.TinyPongAgent.TrainRun(_dir.Path, name, seed, totalSteps: 128, numSteps: 64, frameskip: frameskip);

        public void Dispose() => _dir.Dispose();
    }

    readonly Agents _agents;

    public PongMatchTests(Agents agents) => _agents = agents;

    static readonly Dictionary<string, object?> ToThree = new() { ["points_to_win"] = "3" };

    [Fact]
    public void Swapping_who_is_first_replays_the_same_games_with_the_sides_named_the_other_way()
    {
        using LoadedPolicy a = LoadedPolicy.Load(_agents.A);
        using LoadedPolicy b = LoadedPolicy.Load(_agents.B);
        PongMatchResult ab = PongMatch.Play(a, b, 4, 11, ToThree);
        PongMatchResult ba = PongMatch.Play(b, a, 4, 11, ToThree);
        Assert.Equal([11, 11, 12, 12], ab.Games.Select(g => g.Seed));
        Assert.Equal([true, false, true, false], ab.Games.Select(g => g.FirstOnRight));
        for (int pair = 0; pair < 2; pair++)
            for (int side = 0; side < 2; side++)
            {
                // ab's game with b on the right is ba's game with b (its first) on the right: the same game.
                PongGameResult x = ab.Games[2 * pair + side], y = ba.Games[2 * pair + 1 - side];
                Assert.Equal((x.FirstPoints, x.SecondPoints, x.Steps), (y.SecondPoints, y.FirstPoints, y.Steps));
            }
        Assert.All(ab.Games, g => Assert.Equal(3, Math.Max(g.FirstPoints, g.SecondPoints)));
        Assert.Equal(ab.FirstPoints, ba.SecondPoints);
        Assert.Equal(4, ab.FirstWins + ab.SecondWins);
    }

    [Fact]
    public void An_agent_against_itself_plays_the_same_game_from_both_sides()
    {
        using LoadedPolicy a = LoadedPolicy.Load(_agents.A);
        using LoadedPolicy again = LoadedPolicy.Load(_agents.A);
        PongMatchResult r = PongMatch.Play(a, again, 2, 5, ToThree);
        Assert.Equal((r.Games[0].FirstPoints, r.Games[0].SecondPoints), (r.Games[1].SecondPoints, r.Games[1].FirstPoints));
        Assert.Equal(1, r.FirstWins);
        Assert.Equal(1, r.SecondWins);
    }

    [Fact]
    public void The_match_verb_prints_the_score_and_refuses_agents_that_step_differently()
    {
        var r = CliProcess.Run(_agents.Folder, "match", _agents.A, _agents.B, "--games", "2", "--points", "3", "--seed", "11", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using JsonDocument json = JsonDocument.Parse(r.Stdout);
        JsonElement games = json.RootElement.GetProperty("games");
        Assert.Equal(2, games.GetArrayLength());
        Assert.Equal(json.RootElement.GetProperty("first_points").GetInt32(), games.EnumerateArray().Sum(g => g.GetProperty("first_points").GetInt32()));
        using LoadedPolicy a = LoadedPolicy.Load(_agents.A);
        using LoadedPolicy b = LoadedPolicy.Load(_agents.B);
        Assert.Equal(PongMatch.Play(a, b, 2, 11, ToThree).FirstPoints, json.RootElement.GetProperty("first_points").GetInt32());

        var mismatch = CliProcess.Run(_agents.Folder, "match", _agents.A, _agents.Skip5, "--games", "2");
        CliProcess.AssertUserError(mismatch, "frameskip 4, max_pool true against frameskip 5");
    }
}
