namespace RlLab.Agents.Config;

/// <summary>An experiment file, fully resolved (defaults filled in). See docs/experiments.md.</summary>
public sealed record ExperimentConfig(
    string Name,
    int Seed,
    EnvConfig Env,
    PolicyConfig Policy,
    AlgoConfig Algo,
    TrainConfig Train,
    StopConfig Stop)
{
    /// <summary>The self_play section: train against a pool of the learner's own past snapshots; null without it.</summary>
    public SelfPlayConfig? SelfPlay { get; init; }
}

/// <summary>A wrapper applied on top of the env, in order.</summary>
public sealed record WrapperConfig(string Name, IReadOnlyDictionary<string, object?> Options);

public sealed record EnvConfig(
    string Id,
    int NumEnvs,
    int Threads,
    IReadOnlyDictionary<string, object?> Options,
    IReadOnlyList<WrapperConfig> Wrappers,
    string? Assembly = null);    // env.assembly: the full path of the user's env assembly, loaded before the id is checked

public sealed record PolicyConfig(
    string Type,                 // one of NetworkRegistry.Names
    IReadOnlyList<int> Hidden,
    string Activation,           // tanh | relu
    bool SharedTrunk,
    string Distribution,         // auto | categorical | gaussian | mit_gaussian | tanh_gaussian | bounded_gaussian
    double InitLogStd,
    string Init);                // orthogonal (CleanRL/SB3) | glorot (Keras, as in the MIT lab)

/// <summary>
/// The algo section, resolved. Each algorithm derives its own record, with its own keys, beside its
/// class (e.g. <see cref="Algorithms.PpoConfig"/>); these are the settings every algorithm here has.
/// </summary>
public abstract record AlgoConfig(double Lr, double Gamma, double MaxGradNorm, double EntropyCoef, bool AnnealLr)
{
    /// <summary>The algorithm this section configures (its registration).</summary>
    public abstract Algorithms.AlgorithmSpec Algorithm { get; }

    /// <summary>The YAML spelling of the algorithm, for logs and the written config.</summary>
    public string Name => Algorithm.Name;

    /// <summary>The learning rate at <paramref name="progress"/> (the fraction of the budget spent): with anneal_lr, linearly down to zero over the budget.</summary>
    public double LearningRate(double progress) => AnnealLr ? Lr * (1.0 - progress) : Lr;
}

public sealed record TrainConfig(
    long TotalSteps,
    int? TotalEpisodes,
    string Device,               // auto | cpu | cuda
    int Threads,
    long CheckpointEvery,        // env steps; 0 = only at the end
    int EvalEpisodes,
    long LogEverySteps,          // env steps between progress rows (a row when the step count crosses a multiple)
    string RunsDir,
    long VideoEverySteps,        // env steps between evaluation videos in videos/; 0 = none
    long EvalEvery);             // env steps between evaluations during training (eval_episodes each; best kept); 0 = none

/// <summary>Stop early once the mean return of the last <see cref="Window"/> episodes reaches <see cref="MeanReturn"/>.</summary>
public sealed record StopConfig(double? MeanReturn, int Window, double? MaxMinutes);

/// <summary>
/// Self-play: snapshots of the learner every <see cref="SnapshotEvery"/> env steps join a pool of the
/// newest <see cref="PoolSize"/>; each game's opponent is drawn from it, or is the env's built-in
/// opponent with probability <see cref="BuiltinShare"/>.
/// </summary>
public sealed record SelfPlayConfig(long SnapshotEvery, int PoolSize, double BuiltinShare);
