namespace RlLab.Agents.Config;

/// <summary>An experiment file, fully resolved (defaults filled in). See docs/experiments.md.</summary>
public sealed record ExperimentConfig(
    string Name,
    int Seed,
    EnvConfig Env,
    PolicyConfig Policy,
    AlgoConfig Algo,
    TrainConfig Train,
    StopConfig Stop);

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
    string Type,                 // mlp | mit_cnn | nature_cnn
    IReadOnlyList<int> Hidden,
    string Activation,           // tanh | relu
    bool SharedTrunk,
    string Distribution,         // auto | categorical | gaussian | mit_gaussian
    double InitLogStd,
    string Init);                // orthogonal (CleanRL/SB3) | glorot (Keras, as in the MIT lab)

public sealed record AlgoConfig(
    AlgoKind Kind,
    double Lr,
    double Gamma,
    double GaeLambda,
    int NumSteps,
    int Epochs,
    int Minibatches,
    double ClipCoef,
    double ValueCoef,
    double EntropyCoef,
    double MaxGradNorm,
    bool AnnealLr,
    bool NormalizeAdvantages,
    bool ClipValueLoss,
    double? TargetKl,
    bool NormalizeReturns,
    int MaxBatch = 0,            // REINFORCE: learn from a random subset of at most this many steps (MIT: 300); 0 = all
    bool BootstrapTruncated = false, // REINFORCE: a time-limited episode continues at its last reward rate, r/(1 − γ)
    bool ResetReturnOnReward = false) // REINFORCE (Pong, MIT lab): a nonzero reward ends a point, so the discounted sum restarts there
{
    /// <summary>The YAML spelling of <see cref="Kind"/>, for logs and the written config.</summary>
    public string Name => Kind.YamlName();
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
