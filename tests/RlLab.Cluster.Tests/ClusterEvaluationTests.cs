using System.Text.Json;
using Orleans.Hosting;
using Orleans.TestingHost;
using RlLab.Cluster.Evaluations;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Races;

namespace RlLab.Cluster.Tests;

/// <summary>One serve silo and one worker silo that runs the real evaluation child, shared by the tests of the class.</summary>
public sealed class RealEvaluationCluster : IAsyncLifetime
{
    sealed class Silos : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo) =>
            EvaluationSilos.Configure(silo, slots: 4, name => limits => new RecordingBackend(name, EvaluationSilos.RealChild(limits)));
    }

    public TestCluster Cluster { get; private set; } = null!;
    public ClusterEvaluationBackend Backend { get; private set; } = null!;
    public static readonly SandboxLimits Limits = new(WallClock: TimeSpan.FromSeconds(60));

    public async Task InitializeAsync()
    {
        Cluster = await EvaluationSilos.DeployAsync<Silos>(2);
        Backend = await ClusterEvaluationBackend.OnSiloAsync(EvaluationSilos.Serve(Cluster), Limits);
    }

    public async Task DisposeAsync()
    {
        await Backend.DisposeAsync();
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}

/// <summary>`serve --cluster` against the local path: the same bundle gives the same outcome, score and rejection either way.</summary>
public sealed class ClusterEvaluationTests(RealEvaluationCluster fixture) : IClassFixture<RealEvaluationCluster>
{
    static readonly Race Race = RaceCatalog.CartPole(hidden: 3);
    static readonly int[] Hidden = [1234567, 7654321, 2468013];
    static readonly TimeSpan Hang = TimeSpan.FromMinutes(2);

    static EvaluationChild Local => EvaluationSilos.RealChild(RealEvaluationCluster.Limits);

    [Fact]
    public async Task A_bundle_evaluated_on_a_worker_gets_the_outcome_and_score_of_the_local_child()
    {
        string bundle = TinyAgent.BundlePath;
        ChildOutcome[] both = await Task.WhenAll(
            Local.RunAsync(bundle, Race, Hidden, CancellationToken.None),
            fixture.Backend.RunAsync(bundle, Race, Hidden, CancellationToken.None)).WaitAsync(Hang);

        EvaluationOutput l = both[0].Output ?? throw new Xunit.Sdk.XunitException($"local: {both[0].Failure}");
        EvaluationOutput r = both[1].Output ?? throw new Xunit.Sdk.XunitException($"cluster: {both[1].Failure}");
        Assert.Equal(JsonSerializer.Serialize(l, EvaluationChild.Json), JsonSerializer.Serialize(r, EvaluationChild.Json));
        Assert.Equal(Hidden.Length + Race.PracticeSeeds.Count, r.Episodes.Count);
        // Scored as WorkerPool scores it: the hidden episodes in order.
        RaceScore Score(EvaluationOutput o) => Race.Rules().Score(Race, [.. o.Episodes.Where(e => e.Index >= 0).OrderBy(e => e.Index)]);
        Assert.Equal(Score(l).Primary, Score(r).Primary);
        Assert.Equal(Score(l).TieBreak, Score(r).TieBreak);
        Assert.Equal(Score(l).Summary, Score(r).Summary);
        // It ran on the worker silo, from a copy of the bytes that crossed the wire, not from the server's file.
        var run = Assert.Single(EvaluationSilos.Runs, x => x.BundlePath.EndsWith(Path.GetFileName(bundle), StringComparison.Ordinal));
        Assert.NotEqual("Primary", run.Silo);
        Assert.NotEqual(bundle, run.BundlePath);
    }

    [Fact]
    public async Task A_missing_or_invalid_bundle_is_rejected_on_a_worker_as_the_local_child_rejects_it()
    {
        using var temp = new TempDir();
        byte[] good = await File.ReadAllBytesAsync(TinyAgent.BundlePath);
        string missing = Path.Combine(temp.Path, "bundles", "0000.safetensors");
        string garbage = Path.Combine(temp.Path, "garbage.safetensors");
        string truncated = Path.Combine(temp.Path, "truncated.safetensors");
        await File.WriteAllTextAsync(garbage, "not a safetensors file at all");
        await File.WriteAllBytesAsync(truncated, good[..(good.Length / 2)]);

        string[] paths = [missing, garbage, truncated];
        ChildOutcome[] all = await Task.WhenAll([
            .. paths.Select(p => Local.RunAsync(p, Race, Hidden, CancellationToken.None)),
            .. paths.Select(p => fixture.Backend.RunAsync(p, Race, Hidden, CancellationToken.None))]).WaitAsync(Hang);

        for (int i = 0; i < paths.Length; i++)
        {
            ChildOutcome l = all[i], r = all[paths.Length + i];
            Assert.Null(l.Output);
            Assert.Null(r.Output);
            Assert.False(string.IsNullOrWhiteSpace(l.Failure), paths[i]);
            // Word for word, the server's path included where the child names it.
            Assert.Equal(l.Failure, r.Failure);
        }
        Assert.Contains(missing, all[paths.Length].Failure);
        Assert.DoesNotContain(EvaluationSilos.Runs, x => paths.Contains(x.BundlePath));
    }

    [Fact]
    public async Task A_league_match_played_on_a_worker_gets_the_games_and_replay_of_the_local_child()
    {
        Race league = RaceCatalog.PongLeague(games: 2, pointsToWin: 2);
        var (first, second) = TinyAgent.PongBundles;
        MatchChildOutcome[] both = await Task.WhenAll(
            Local.PlayAsync(first, second, league, 4242, CancellationToken.None),
            fixture.Backend.PlayAsync(first, second, league, 4242, CancellationToken.None)).WaitAsync(Hang);

        MatchOutput l = both[0].Output ?? throw new Xunit.Sdk.XunitException($"local: {both[0].Failure}");
        MatchOutput r = both[1].Output ?? throw new Xunit.Sdk.XunitException($"cluster: {both[1].Failure}");
        Assert.Equal(2, r.Games.Count);
        Assert.Equal(JsonSerializer.Serialize(l, EvaluationChild.Json), JsonSerializer.Serialize(r, EvaluationChild.Json));
        // Both agents ran on the worker silo, from copies of the bytes that crossed the wire.
        foreach (string bundle in new[] { first, second })
        {
            var run = Assert.Single(EvaluationSilos.Runs, x => x.BundlePath.EndsWith(Path.GetFileName(bundle), StringComparison.Ordinal) && x.BundlePath != bundle);
            Assert.NotEqual("Primary", run.Silo);
        }
    }

    [Fact]
    public async Task A_match_with_a_missing_bundle_fails_on_a_worker_as_in_the_local_child()
    {
        using var temp = new TempDir();
        Race league = RaceCatalog.PongLeague(games: 2, pointsToWin: 2);
        string missing = Path.Combine(temp.Path, "bundles", "0007.safetensors");
        var (first, _) = TinyAgent.PongBundles;
        MatchChildOutcome[] both = await Task.WhenAll(
            Local.PlayAsync(first, missing, league, 1, CancellationToken.None),
            fixture.Backend.PlayAsync(first, missing, league, 1, CancellationToken.None)).WaitAsync(Hang);
        Assert.Equal(both[0].Output?.Forfeit, both[1].Output?.Forfeit);
        Assert.Equal(both[0].Failure, both[1].Failure);
        Assert.Equal(both[0].ServerFault, both[1].ServerFault);
        string said = both[1].Failure ?? both[1].Output?.Forfeit?.ToString() ?? "";
        Assert.Contains(missing, said);
    }
}
