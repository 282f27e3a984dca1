using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RlLab.Leaderboard.Races;
using RlLab.Leaderboard.Security;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Evaluation;

/// <summary>
/// Runs at most <c>Workers</c> evaluations at once, each in a sandboxed child. The queue lives in
/// SQLite, so a restarted server picks up where a dead one stopped.
/// </summary>
public sealed class WorkerPool(LeaderboardOptions options, JobQueue queue, BundleStore bundles, HiddenSeeds seeds,
    IEvaluationBackend child, ILogger<WorkerPool> log) : BackgroundService
{
    readonly SemaphoreSlim _wake = new(0);

    /// <summary>Called after an upload so that an idle worker starts at once.</summary>
    public void Wake() => _wake.Release();

    protected override Task ExecuteAsync(CancellationToken ct)
    {
        int orphans = queue.RequeueOrphans();
        if (orphans > 0) log.LogInformation("requeued {Count} evaluations left running by a previous server", orphans);
        return Task.WhenAll(Enumerable.Range(0, options.Workers).Select(i => Task.Run(() => Loop(ct), ct)));
    }

    async Task Loop(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Job? job = queue.Claim();
            if (job is null)
            {
                try { await _wake.WaitAsync(TimeSpan.FromMilliseconds(500), ct); } catch (OperationCanceledException) { return; }
                continue;
            }
            try { await Evaluate(job, ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
        }
    }

    async Task Evaluate(Job job, CancellationToken ct)
    {
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
