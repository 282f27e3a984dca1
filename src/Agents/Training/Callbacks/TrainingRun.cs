using System.Diagnostics;
using RlLab.Agents.Algorithms;
using RlLab.Agents.Config;
using RlLab.Agents.Evaluation;
using RlLab.Agents.Policies;

namespace RlLab.Agents.Training.Callbacks;

/// <summary>
/// The state of a run in progress that the loop advances and the callbacks read: the counters, the
/// episodes, the last iteration's metrics, the run directory, and the two actions they may take
/// (save a checkpoint, evaluate one). A callback ends the run with <see cref="Stop"/>.
/// </summary>
public sealed class TrainingRun
{
    public required ExperimentConfig Config { get; init; }
    public required RunDirectory Directory { get; init; }
    public required Serilog.ILogger Log { get; init; }
    public required TrainingCallbacks Hooks { get; init; }
    public required ActorCritic Policy { get; init; }
    public required TorchSharp.Modules.SummaryWriter TensorBoard { get; init; }
    /// <summary>The checkpoint a resumed run started from, or null for a new run.</summary>
    public required Checkpoints.TrainingState? Resumed { get; init; }
    public required Func<TrainingRun, string?, string> SaveCheckpoint { get; init; }
    public required Func<string, EvalSummary> EvaluateCheckpoint { get; init; }

    public EpisodeLog Episodes { get; } = new();
    public IterationMetrics Metrics { get; } = new();
    public Stopwatch Clock { get; } = new();
    /// <summary>Episodes finished before the resumed checkpoint that <see cref="Episodes"/> does not hold.</summary>
    public int EpisodeOffset { get; set; }
    public long Step { get; set; }
    public int Iteration { get; set; }
    /// <summary>Env steps of the last iteration.</summary>
    public long Taken { get; set; }
    /// <summary>Training seconds before this process (a resumed run).</summary>
    public double PriorSeconds { get; set; }
    /// <summary>Training seconds at the end of the last iteration.</summary>
    public double Wall { get; set; }
    public IterationResult? Last { get; set; }
    /// <summary>The newest checkpoint known to be good (the NaN guard names it), and its step.</summary>
    public string? LastGood { get; set; }
    public long LastCheckpointStep { get; set; }
    public string? StopReason { get; private set; }
    public bool ReachedTarget { get; private set; }

    public int TotalEpisodes => EpisodeOffset + Episodes.Count;

    /// <summary>Ends the run after this iteration's callbacks (the first reason given wins).</summary>
    public void Stop(string reason, bool reachedTarget = false)
    {
        if (StopReason is not null) return;
        StopReason = reason;
        ReachedTarget = reachedTarget;
    }

    /// <summary>Writes a checkpoint of the current state; <paramref name="finished"/> marks a run that stopped for good.</summary>
    public string Save(string? finished = null)
    {
        string path = SaveCheckpoint(this, finished);
        LastGood = path;
        LastCheckpointStep = Step;
        return path;
    }

    public EvalSummary Evaluate(string checkpoint) => EvaluateCheckpoint(checkpoint);

    /// <summary>Whether the last iteration crossed a multiple of <paramref name="every"/> env steps (so a resumed run keeps the cadence).</summary>
    public bool Crossed(long every) => every > 0 && Step / every > (Step - Taken) / every;
}
