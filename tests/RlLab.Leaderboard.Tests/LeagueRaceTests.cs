using RlLab.Agents.Bundles;
using RlLab.Agents.Matches;
using RlLab.Agents.Policies;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.League;
using RlLab.Leaderboard.Races;
using RlLab.Leaderboard.Security;

namespace RlLab.Leaderboard.Tests;

/// <summary>The pong-league race: its seeds, its games and scoring, the forfeits, and the world it refuses.</summary>
public sealed class LeagueRaceTests(LeagueAgents agents) : IClassFixture<LeagueAgents>
{
    static readonly Race League = RaceCatalog.PongLeague(games: 4, pointsToWin: 2);

    [Fact]
    public void Match_seeds_come_from_the_secret_one_per_match()
    {
        var seeds = new HiddenSeeds(new byte[32]);
        var other = new HiddenSeeds(Enumerable.Repeat((byte)7, 32).ToArray());
        int first = seeds.Seed(League.Name, 1, 1), second = seeds.Seed(League.Name, 1, 2);
        Assert.NotEqual(first, second);
        Assert.NotEqual(first, other.Seed(League.Name, 1, 1));
        Assert.NotEqual(first, seeds.Seed(League.Name, 2, 1));
        // Above the public seeds, and the pairs of a match (seed + 1) stay in range.
        Assert.InRange(first, 1_000_000, int.MaxValue - 100);
    }

    [Fact]
    public void A_match_is_pairs_of_games_with_sides_swapped_scored_by_points_with_a_replay_of_game_one()
    {
        using LoadedPolicy a = LoadedPolicy.Load(agents.A);
        using LoadedPolicy b = LoadedPolicy.Load(agents.B);
        MatchOutput output = League.League().Play(League, a, b, 1_234_567, TimeSpan.FromMinutes(1));
        Assert.Null(output.Forfeit);
        Assert.Equal([1_234_567, 1_234_567, 1_234_568, 1_234_568], output.Games.Select(g => g.Seed));
        Assert.Equal([true, false, true, false], output.Games.Select(g => g.FirstOnRight));
        Assert.All(output.Games, g => Assert.Equal(2, Math.Max(g.FirstPoints, g.SecondPoints)));
        Assert.Equal(output.Games.Sum(g => g.FirstPoints), output.FirstPoints);
        // The same match through PongMatch, in the league's world: the same games.
        var direct = PongMatch.Play(a, b, 4, 1_234_567, new Dictionary<string, object?> { ["points_to_win"] = "2" });
        Assert.Equal(direct.Games, output.Games);
        Assert.Equal(MatchOutcome.Played, LeagueResult.Of(output));
        // The replay is game 1, the first agent on the right: it ends on that game's score.
        PongReplay replay = Assert.IsType<PongReplay>(output.Replay);
        Assert.True(replay.FirstOnRight);
        Assert.Equal(output.Games[0].Steps + 1, replay.Frames.Count);
        Assert.Equal([output.Games[0].FirstPoints, output.Games[0].SecondPoints], replay.Frames[^1][4..6]);
    }

    [Fact]
    public void An_agent_that_uses_up_its_thinking_time_forfeits_and_loses_whatever_the_points()
    {
        using LoadedPolicy a = LoadedPolicy.Load(agents.A);
        using LoadedPolicy b = LoadedPolicy.Load(agents.B);
        // The first agent holds the right paddle in game 1 and acts first: a limit of one tick is spent at once.
        MatchOutput output = League.League().Play(League, a, b, 99, TimeSpan.FromTicks(1));
        MatchForfeit forfeit = Assert.IsType<MatchForfeit>(output.Forfeit);
        Assert.True(forfeit.First);
        Assert.Contains("thinking time", forfeit.Reason);
        Assert.Equal(MatchOutcome.FirstForfeits, LeagueResult.Of(output));
        Assert.Equal(-1, new LeagueMatch(1, "a", "b", 5, 0, LeagueResult.Of(output)).Result);
    }

    [Fact]
    public async Task In_the_sandboxed_child_an_agent_that_cannot_load_forfeits_and_its_opponent_is_not_charged()
    {
        using var dir = new TempDir();
        string broken = Path.Combine(dir.Path, "broken.safetensors");
        File.WriteAllText(broken, "not a bundle");
        var child = new EvaluationChild(Agents.EvaluatorCommand, Sandbox.None(), new SandboxLimits(WallClock: TimeSpan.FromSeconds(60)));
        MatchChildOutcome outcome = await child.PlayAsync(agents.A, broken, League, 5, CancellationToken.None);
        MatchOutput output = Assert.IsType<MatchOutput>(outcome.Output);
        Assert.False(Assert.IsType<MatchForfeit>(output.Forfeit).First);
        Assert.Equal(MatchOutcome.SecondForfeits, LeagueResult.Of(output));
    }

    [Fact]
    public void The_league_refuses_another_frameskip_or_max_pool_naming_the_option()
    {
        using AgentBundle five = BundleReader.Read(agents.Skip5);
        IHeadToHeadRace rules = League.League();
        Assert.StartsWith("frameskip: the league plays frameskip 4", rules.RefuseInterface(five.ToExperimentConfig().Env));
        var config = five.ToExperimentConfig().Env;
        var noPool = config with { Options = new Dictionary<string, object?>(config.Options) { ["frameskip"] = "4", ["max_pool"] = "false" } };
        Assert.StartsWith("max_pool:", rules.RefuseInterface(noPool));
        Assert.Null(rules.RefuseInterface(config with { Options = new Dictionary<string, object?> { ["observation"] = "small" } }));
        Assert.Equal(AgentVerdict.Accepted.Failure, new BundleValidator().Validate(agents.A, League).Failure);
        Assert.StartsWith("frameskip:", new BundleValidator().Validate(agents.Skip5, League).Failure);
    }
}
