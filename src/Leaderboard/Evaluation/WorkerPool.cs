using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RlLab.Leaderboard.League;
using RlLab.Leaderboard.Races;
using RlLab.Leaderboard.Security;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Evaluation;

/// <summary>
/// Runs at most <c>Workers</c> evaluations at once, each in a sandboxed child. The queue lives in
/// SQLite, so a restarted server picks up where a dead one stopped. A worker with no time trial to run
/// plays the leagues' next match (<see cref="LeagueStore.Claim"/>): time trials go first.
/// </summary>
public sealed class WorkerPool(LeaderboardOptions options, JobQueue queue, LeagueStore league, BundleStore bundles, HiddenSeeds seeds,
    IEvaluationBackend child, IMatchBackend matches, ILogger<WorkerPool> log) : BackgroundService
{
    readonly SemaphoreSlim _wake = new(0);

    /// <summary>Called after an upload so that an idle worker starts at once.</summary>
    public void Wake() => _wake.Release();

    /// <summary>
    /// Requeues a dead server's jobs before the host counts as started: since .NET 10 <see cref="ExecuteAsync"/>
    /// runs on the thread pool, where it could reset a job claimed in the meantime (by an admin, by a test).
    /// </summary>
    public override Task StartAsync(CancellationToken ct)
    {
        int orphans = queue.RequeueOrphans();
        if (orphans > 0) log.LogInformation("requeued {Count} evaluations left running by a previous server", orphans);
        int matchOrphans = league.RequeueOrphans();
        if (matchOrphans > 0) log.LogInformation("requeued {Count} league matches left running by a previous server", matchOrphans);
        return base.StartAsync(ct);
    }

    protected override Task ExecuteAsync(CancellationToken ct)
    {
        return Task.WhenAll(Enumerable.Range(0, options.Workers).Select(i => Task.Run(() => Loop(ct), ct)));
    }

    async Task Loop(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Job? job = queue.Claim();
            if (job is null && NextMatch() is { } match)
            {
                try { await Play(match, ct); }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
                continue;
            }
            if (job is null)
            {
                try { await _wake.WaitAsync(TimeSpan.FromMilliseconds(500), ct); } catch (OperationCanceledException) { return; }
                continue;
            }
            try { await Evaluate(job, ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
        }
    }

    LeagueJob? NextMatch()
    {
        foreach (Race l in options.Leagues)
            if (league.Claim(l.Name, options.Matchmaker) is { } m) return m;
        return null;
    }

    /// <summary>
    /// Plays one league match in a child. An agent's failure is its forfeit (it loses the match, whatever the
    /// points); a failure that names no agent re-queues the match, as for time trials.
    /// </summary>
    async Task Play(LeagueJob job, CancellationToken ct)
    {
        Race race = options.Leagues.First(r => r.Name == job.Race);
        int seed = seeds.Seed(race.Name, job.Season, checked((int)job.Id));
        MatchChildOutcome outcome;
        try { outcome = await matches.PlayAsync(bundles.PathOf(job.FirstSha), bundles.PathOf(job.SecondSha), race, seed, ct); }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            outcome = MatchChildOutcome.Server($"the match could not run: {e.Message}");
        }
        if (outcome.Output is not { } output)
        {
            if (league.Retry(job, outcome.Failure ?? "failed"))
                log.LogWarning("league match {Id}, attempt {Attempt}: server-side failure, re-queued: {Reason}", job.Id, job.Attempt, outcome.Failure);
            return;
        }
        if (output.Forfeit is null && output.Games.Count != race.HiddenSeeds)
        {
            league.Retry(job, "the match returned an incomplete result");
            return;
        }
        var result = LeagueResult.Of(output);
        string games = JsonSerializer.Serialize(output.Games, EvaluationChild.Json);
        string? replay = output.Replay is { } r ? JsonSerializer.Serialize(r, EvaluationChild.Json) : null;
        if (league.Finish(job, seed, output.FirstPoints, output.SecondPoints, result, output.Forfeit?.Reason, games, replay))
            log.LogInformation("league match {Id}: {First} {FirstPoints}–{SecondPoints} {Second} ({Outcome})", job.Id, job.FirstId, output.FirstPoints, output.SecondPoints, job.SecondId, result);
    }

    async Task Evaluate(Job job, CancellationToken ct)
    {
        if (options.Leagues.FirstOrDefault(r => r.Name == job.Race) is not null)
        {
            // A league submission was checked at upload; it enters the league now and plays as the scheduler picks its matches.
            if (queue.Finish(job, Status.Scored, "entered the league")) log.LogInformation("submission {Id} entered the league {Race}", job.SubmissionId, job.Race);
            return;
        }
        Race race = options.Races.First(r => r.Name == job.Race);
        int[] hidden = seeds.Seeds(race.Name, job.Season, race.HiddenSeeds);
        ChildOutcome outcome;
        try { outcome = await child.RunAsync(bundles.PathOf(job.Sha256), race, hidden, ct); }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            outcome = ChildOutcome.Server($"the evaluation could not run: {e.Message}");
        }
        if (outcome.Output is not { } output)
        {
            string reason = Scrub(outcome.Failure ?? "failed", hidden);
            if (outcome.ServerFault) Retry(job, reason);
            else Finish(job, Status.Failed, reason);
            return;
        }
        var practiceEpisode = output.Episodes.FirstOrDefault(e => e.Index < 0);
        var scored = output.Episodes.Where(e => e.Index >= 0).OrderBy(e => e.Index).ToList();
        if (practiceEpisode is null || scored.Count != hidden.Length)
        {
            Retry(job, "evaluation returned an incomplete result");
            return;
        }
        RaceScore score = race.Rules().Score(race, scored);
        string episodes = JsonSerializer.Serialize(output.Episodes, EvaluationChild.Json);
        string? replays = output.Replays is { Count: > 0 } r ? JsonSerializer.Serialize(r, EvaluationChild.Json) : null;
        bool written = queue.Finish(job, Status.Scored, null, score, episodes, replays);
        if (written) log.LogInformation("submission {Id} scored {Score}", job.SubmissionId, score.Primary.ToString("F4", CultureInfo.InvariantCulture));
    }

    void Finish(Job job, string status, string reason)
    {
        if (queue.Finish(job, status, reason))
            log.LogInformation("submission {Id} failed: {Reason}", job.SubmissionId, reason);
    }

    void Retry(Job job, string reason)
    {
        if (queue.Retry(job, reason))
        {
            log.LogWarning("submission {Id}, attempt {Attempt}: server-side failure, not charged: {Reason}", job.SubmissionId, job.Attempt, reason);
            _wake.Release();
        }
    }

    /// <summary>A child's message may quote a track seed; hidden ones become "Track N".</summary>
    static string Scrub(string text, int[] hidden)
    {
        for (int i = 0; i < hidden.Length; i++)
            text = text.Replace(hidden[i].ToString(CultureInfo.InvariantCulture), $"Track {i + 1}", StringComparison.Ordinal);
        return text;
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
