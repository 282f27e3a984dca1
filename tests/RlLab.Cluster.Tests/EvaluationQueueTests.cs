using System.Text.Json;
using RlLab.Cluster.Evaluations;
using RlLab.Cluster.Grains;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Races;

namespace RlLab.Cluster.Tests;

/// <summary>The serve side's queue without Orleans: chunked bundles and results, lost attempts, deadlines.</summary>
public sealed class EvaluationQueueTests
{
    static readonly Race Race = RaceCatalog.CartPole(hidden: 2);
    static readonly DateTime T0 = new(2026, 12, 3, 8, 0, 0, DateTimeKind.Utc);
    static readonly SandboxLimits Limits = new(WallClock: TimeSpan.FromSeconds(10));

    static EvaluationQueue NewQueue(int attempts = 2) =>
        new("evaluations/test", new ClusterEvaluationOptions { MaxAttempts = attempts, ClaimTimeout = TimeSpan.FromMinutes(5), ResultGrace = TimeSpan.FromSeconds(5) });

    static EvaluationResultChunk[] Chunks(EvaluationAssignment a, ChildOutcome outcome, int pieces)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(outcome, EvaluationChild.Json);
        int size = (json.Length + pieces - 1) / pieces;
        return [.. Enumerable.Range(0, pieces).Select(i => new EvaluationResultChunk(a.EvaluationId, a.Attempt, i, pieces, json[(i * size)..Math.Min(json.Length, (i + 1) * size)]))];
    }

    [Fact]
    public async Task A_match_serves_both_bundles_and_ends_with_the_match_outcome_or_the_servers_failure()
    {
        var queue = NewQueue(attempts: 1);
        Race league = RaceCatalog.PongLeague(games: 2);
        byte[] first = [1, 2, 3], second = [.. Enumerable.Range(0, EvaluationQueue.ChunkBytes + 5).Select(i => (byte)i)];
        Task<MatchChildOutcome> done = queue.AddMatch("m1", first, "a.safetensors", second, "b.safetensors", league, 99, Limits, T0);
        EvaluationAssignment a = queue.Claim("w1", T0)!;
        MatchAssignment m = Assert.IsType<MatchAssignment>(a.Match);
        Assert.Equal((99, "b.safetensors", second.LongLength), (m.Seed, m.SecondName, m.SecondBytes));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(second)), m.SecondSha256);
        Assert.Equal(first, queue.ReadBundleChunk("m1", 1, 0, bundle: 0));
        Assert.Equal(second, Enumerable.Range(0, 2).SelectMany(i => queue.ReadBundleChunk("m1", 1, i, bundle: 1)).ToArray());
        Assert.Empty(queue.ReadBundleChunk("m1", 1, 0, bundle: 2));

        var outcome = new MatchChildOutcome(new MatchOutput([new RlLab.Agents.Matches.PongGameResult(99, true, 21, 3, 900)], null, null), null, false);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(outcome, EvaluationChild.Json);
        queue.Report(new EvaluationResultChunk("m1", 1, 0, 1, json));
        Assert.True(done.IsCompletedSuccessfully);
        Assert.Equal(21, (await done).Output!.FirstPoints);

        // A lost attempt with none left: the server's failure, which re-queues the match in the league.
        Task<MatchChildOutcome> lost = queue.AddMatch("m2", first, "a.safetensors", null, "gone.safetensors", league, 1, Limits, T0);
        Assert.Equal(-1, queue.Claim("w1", T0)!.Match!.SecondBytes);
        queue.Check(T0, worker => true);
        MatchChildOutcome failed = await lost;
        Assert.True(failed.ServerFault);
        Assert.Contains("its worker left the cluster", failed.Failure);
    }

    [Fact]
    public async Task A_bundle_is_served_in_chunks_and_a_result_is_assembled_from_chunks_in_any_order()
    {
        var queue = NewQueue();
        byte[] bundle = [.. Enumerable.Range(0, EvaluationQueue.ChunkBytes * 2 + 17).Select(i => (byte)(i * 7))];
        Task<ChildOutcome> done = queue.Add("e1", bundle, "x.safetensors", Race, [11, 22], Limits, T0);
        EvaluationAssignment a = queue.Claim("w1", T0)!;
        Assert.Equal(bundle.LongLength, a.BundleBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bundle)), a.BundleSha256);
        Assert.Equal([11, 22], a.HiddenSeeds);
        Assert.Equal(JsonSerializer.Serialize(Race, EvaluationChild.Json), a.RaceJson);
        Assert.Equal(bundle, Enumerable.Range(0, 3).SelectMany(i => queue.ReadBundleChunk("e1", 1, i)).ToArray());
        Assert.Empty(queue.ReadBundleChunk("e1", 1, 3));
        Assert.Null(queue.Claim("w2", T0));

        var outcome = new ChildOutcome(new EvaluationOutput(Race.Name, [new EpisodeResult(-1, 9.5, 10, "terminated", new Dictionary<string, double>())], []), null);
        EvaluationResultChunk[] chunks = Chunks(a, outcome, 3);
        queue.Report(chunks[2]);
        queue.Report(chunks[0]);
        Assert.False(done.IsCompleted);
        queue.Report(chunks[1]);
        Assert.True(done.IsCompletedSuccessfully);
        Assert.Equal(JsonSerializer.Serialize(outcome, EvaluationChild.Json), JsonSerializer.Serialize(await done, EvaluationChild.Json));
    }

    [Fact]
    public async Task A_lost_attempt_is_requeued_its_late_result_dropped_and_the_last_allowed_loss_fails_with_a_reason()
    {
        var queue = NewQueue(attempts: 2);
        Task<ChildOutcome> done = queue.Add("e1", [1, 2, 3], "x.safetensors", Race, [11, 22], Limits, T0);
        EvaluationAssignment first = queue.Claim("w1", T0)!;
        queue.Check(T0.AddSeconds(1), worker => worker == "w1");
        Assert.Equal(1, queue.Waiting());
        EvaluationAssignment second = queue.Claim("w2", T0.AddSeconds(2))!;
        Assert.Equal(2, second.Attempt);
        // The dead worker's attempt reports after all: ignored, and it can pull nothing more.
        foreach (var c in Chunks(first, new ChildOutcome(null, "late"), 1)) queue.Report(c);
        Assert.Empty(queue.ReadBundleChunk("e1", first.Attempt, 0));
        Assert.False(done.IsCompleted);
        // The second worker says nothing past wall clock + grace (10 + 5 s): out of attempts.
        queue.Check(T0.AddSeconds(16), _ => false);
        Assert.False(done.IsCompleted);
        queue.Check(T0.AddSeconds(18), _ => false);
        Assert.True(done.IsCompletedSuccessfully);
        ChildOutcome failed = await done;
        Assert.Null(failed.Output);
        Assert.Equal("evaluation lost on the cluster 2 times (last: its worker sent no result within 15 s)", failed.Failure);
        Assert.Equal(0, queue.Waiting());
    }

    [Fact]
    public async Task An_evaluation_no_worker_takes_fails_after_the_claim_timeout_and_a_removed_one_is_gone()
    {
        var queue = NewQueue();
        Task<ChildOutcome> waiting = queue.Add("e1", null, "x.safetensors", Race, [11], Limits, T0);
        Task<ChildOutcome> removed = queue.Add("e2", [1], "y.safetensors", Race, [11], Limits, T0);
        queue.Remove("e2");
        queue.Check(T0.AddMinutes(4), _ => true);
        Assert.False(waiting.IsCompleted);
        queue.Check(T0.AddMinutes(6), _ => true);
        Assert.True(waiting.IsCompleted);
        Assert.Equal("no worker of the cluster took the evaluation within 5 min", (await waiting).Failure);
        Assert.False(removed.IsCompleted);
        Assert.Null(queue.Claim("w1", T0.AddMinutes(6)));
    }
}
