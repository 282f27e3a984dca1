using static TorchSharp.torch;

namespace RlLab.Agents.Training.Callbacks;

/// <summary>
/// Stops the run with <see cref="NonFiniteException"/> at the first NaN or infinity, before anything
/// of the iteration is written: the observations, the quantities the algorithm named, every parameter.
/// No checkpoint is written, so <c>latest</c> stays the last good one.
/// </summary>
public sealed class NonFiniteGuard : ITrainingCallback
{
    public void OnIteration(TrainingRun run)
    {
        if (Find(run) is not string quantity) return;
        var error = new NonFiniteException(run.Step, quantity, run.LastGood);
        run.Log.Error("{Message}", error.Message);
        throw error;
    }

    /// <summary>The first non-finite quantity, most causal first, or null when all are finite.</summary>
    static string? Find(TrainingRun run)
    {
        if (run.Last is { ObservationsFinite: false }) return "observation";
        if (run.Last is { RewardsFinite: false }) return $"reward (env {run.Config.Env.Id} returned it)";
        foreach (var (quantity, value) in run.Metrics.Guarded)
            if (!double.IsFinite(value)) return quantity;
        using (no_grad())
            foreach (var (name, p) in run.Policy.named_parameters())
                if (!p.isfinite().all().item<bool>()) return $"parameter {name}";
        return null;
    }
}
