using System.Globalization;

namespace RlLab.Agents.Training;

/// <summary>
/// The files of one run, <c>runs/&lt;name&gt;-&lt;time&gt;/</c>: config.yaml, progress.csv, episodes.csv,
/// log.txt, TensorBoard events in tb/, checkpoints/, curve.png and eval.json.
/// </summary>
public sealed class RunDirectory
{
    public RunDirectory(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }
    public string Name => System.IO.Path.GetFileName(Path);
    public string Config => Combine("config.yaml");
    public string Progress => Combine("progress.csv");
    public string EpisodesCsv => Combine("episodes.csv");
    public string Log => Combine("log.txt");
    public string TensorBoard => Combine("tb");
    public string Checkpoints => Combine("checkpoints");
    public string Curve => Combine("curve.png");
    public string Eval => Combine("eval.json");
    public string Videos => Combine("videos");

    string Combine(string file) => System.IO.Path.Combine(Path, file);

    /// <summary>A new folder under <paramref name="runsDir"/> named after the experiment and the time.</summary>
    public static RunDirectory CreateNew(string runsDir, string name, DateTime now)
    {
        string stamp = now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string path = System.IO.Path.Combine(runsDir, $"{name}-{stamp}");
        for (int i = 2; Directory.Exists(path); i++) path = System.IO.Path.Combine(runsDir, $"{name}-{stamp}-{i}");
        return Create(path);
    }

    public static RunDirectory Create(string path)
    {
        var run = new RunDirectory(path);
        Directory.CreateDirectory(run.Path);
        Directory.CreateDirectory(run.Checkpoints);
        return run;
    }

    /// <summary>Is this folder a run (has a config.yaml)?</summary>
    public static bool IsRun(string path) => File.Exists(System.IO.Path.Combine(path, "config.yaml"));
}
