using RlLab.Agents.Training;

namespace RlLab.Agents.Evaluation;

/// <summary>
/// Where `rllab eval` writes its summary when no --out is given: eval-LABEL.json in the run directory,
/// so that it never replaces training's own eval.json; for an agent bundle, which has no run
/// directory, NAME.eval-LABEL.json beside the bundle.
/// </summary>
public static class EvalOutput
{
    /// <param name="label">What was played, file-name safe (EpisodeSelector.Label), e.g. "1000-1019".</param>
    public static string FileName(string label, bool stochastic) => $"eval-{label}{(stochastic ? "-stochastic" : "")}.json";

    /// <param name="target">The run directory, checkpoint or bundle that eval was given.</param>
    /// <param name="checkpoint">The checkpoint file it resolved to (inside RUN/checkpoints/), or the bundle.</param>
    public static string DefaultPath(string target, string checkpoint, bool isBundle, string label, bool stochastic)
    {
        string name = FileName(label, stochastic);
        if (isBundle) return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(target))!, Path.GetFileNameWithoutExtension(target) + "." + name);
        if (Directory.Exists(target)) return Path.Combine(target, name);
        // RUN/checkpoints/X.ckpt: the run directory; a checkpoint elsewhere: beside it.
        string folder = Path.GetDirectoryName(Path.GetFullPath(checkpoint))!;
        string? run = Path.GetDirectoryName(folder);
        return Path.Combine(run is not null && RunDirectory.IsRun(run) ? run : folder, name);
    }
}
