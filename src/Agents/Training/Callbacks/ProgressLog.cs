using RlLab.Envs;

namespace RlLab.Agents.Training.Callbacks;

/// <summary>
/// episodes.csv (a row per finished episode) and progress.csv (a row each time log_every_steps is
/// crossed: the counters, what the algorithm recorded, then the wall-clock columns), both also in
/// TensorBoard, and the progress event of the command line.
/// </summary>
public sealed class ProgressLog : ITrainingCallback
{
    MetricsLogger? _progress, _episodes;
    long _lastStep;
    double _lastTime;

    public void OnStart(TrainingRun run)
    {
        Action<string> notice = n => { run.Hooks.Notice?.Invoke(n); run.Log.Warning(n); };
        _progress = new MetricsLogger(run.Directory.Progress, run.TensorBoard, run.Resumed?.GlobalStep, notice);
        _episodes = new MetricsLogger(run.Directory.EpisodesCsv, run.TensorBoard, run.Resumed?.GlobalStep, notice);
        _lastStep = run.Step;
    }

    public void OnIteration(TrainingRun run)
    {
        foreach (EpisodeRecord e in run.Episodes.TakeNew()) RecordEpisode(_episodes!, e, run.EpisodeOffset);
        if (!run.Crossed(run.Config.Train.LogEverySteps)) return;
        double sps = (run.Step - _lastStep) / Math.Max(1e-9, run.Clock.Elapsed.TotalSeconds - _lastTime);
        _lastStep = run.Step;
        _lastTime = run.Clock.Elapsed.TotalSeconds;
        MetricsLogger m = _progress!;
        m.Record("iteration", (long)run.Iteration);
        m.Record("step", run.Step);
        m.Record("rollout/episodes", (long)run.TotalEpisodes);
        m.Record("rollout/mean_return", run.Episodes.MeanReturn(run.Config.Stop.Window));
        m.Record("rollout/last_return", run.Episodes.LastReturn);
        foreach (var (key, value) in run.Metrics.Values) m.Record(key, value);
        m.Record("time/sps", Math.Round(sps));
        m.Record("time/wall_seconds", Math.Round(run.Wall, 3));
        m.Dump(run.Step);
        var train = run.Config.Train;
        run.Hooks.Progress?.Invoke(new TrainingProgress(run.Iteration, run.Step, train.TotalEpisodes is null ? train.TotalSteps : null,
            run.TotalEpisodes, train.TotalEpisodes, m.Last("rollout/mean_return"), m.Last("time/sps"), m.Last("time/wall_seconds")));
    }

    /// <summary>One row of episodes.csv: return and length, the env's own metrics by name, and why it ended.</summary>
    static void RecordEpisode(MetricsLogger m, EpisodeRecord e, int episodeOffset)
    {
        EpisodeInfo i = e.Info;
        m.Record("episode", (long)(e.Episode + episodeOffset));
        m.Record("step", e.Step);
        m.Record("episode/return", i.Return);
        m.Record("episode/length", (long)i.Length);
        foreach (var (name, value) in i.Metrics()) m.Record("episode/" + name, value);
        m.Record("end_reason", i.EndReason);
        m.Dump(e.Step);
    }

    /// <summary>Closes both files before the run draws its curve from episodes.csv.</summary>
    public void OnEnd(TrainingRun run) => Dispose();

    public void Dispose()
    {
        _progress?.Dispose();
        _episodes?.Dispose();
        _progress = _episodes = null;
    }
}
