using RlLab.Sim;
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
    /// <summary>The checkpoint that scored best in the evaluations during training (train.eval_every).</summary>
    public string Best => System.IO.Path.Combine(Checkpoints, "best");
    /// <summary>One row per evaluation during training: step, mean and std return, whether it became best.</summary>
    public string Evaluations => Combine("evaluations.csv");
    public string Videos => Combine("videos");

    string Combine(string file) => System.IO.Path.Combine(Path, file);

    /// <summary>A new folder under <paramref name="runsDir"/> named after the experiment and the time.</summary>
    public static RunDirectory CreateNew(string runsDir, string name, DateTime now)
    {
        // Said as the config key that chose the folder, not as the OS's "file exists" about a path the user never typed.
        if (File.Exists(runsDir)) throw new SetupException($"train.runs_dir {runsDir}: is a file, not a folder");
        try { Directory.CreateDirectory(runsDir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SetupException($"train.runs_dir {runsDir}: cannot create a folder there ({e.Message.TrimEnd('.')})");
        }
        string stamp = now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string path = System.IO.Path.Combine(runsDir, $"{name}-{stamp}");
        for (int i = 2; Directory.Exists(path); i++) path = System.IO.Path.Combine(runsDir, $"{name}-{stamp}-{i}");
        return Create(path);
    }

    /// <summary>A new run at <paramref name="path"/>: the folder must not exist yet, or be empty (never written over).</summary>
    public static RunDirectory Create(string path)
    {
        var run = new RunDirectory(path);
        if (File.Exists(run.Path)) throw new SetupException($"--out {path}: is a file, not a folder");
        if (Directory.Exists(run.Path) && Directory.EnumerateFileSystemEntries(run.Path).Any())
            throw new SetupException(IsRun(run.Path)
                ? $"--out {path}: is an existing run; continue it with --resume {path}, or choose a new folder"
                : $"--out {path}: the folder exists and is not empty; choose a new folder");
        Directory.CreateDirectory(run.Path);
        Directory.CreateDirectory(run.Checkpoints);
        return run;
    }

    /// <summary>Is this folder a run (has a config.yaml)?</summary>
    public static bool IsRun(string path) => File.Exists(System.IO.Path.Combine(path, "config.yaml"));

    /// <summary>Removes temporary files that a killed writer left behind (see <see cref="AtomicFile"/>).</summary>
    public void RemoveStaleTemporaries()
    {
        foreach (string dir in new[] { Path, Checkpoints })
            if (Directory.Exists(dir))
                foreach (string tmp in Directory.EnumerateFiles(dir, "*" + AtomicFile.TempMarker + "*"))
                    File.Delete(tmp);
    }
}
