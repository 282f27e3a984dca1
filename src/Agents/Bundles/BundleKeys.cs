namespace RlLab.Agents.Bundles;

/// <summary>The <c>__metadata__</c> keys of an agent bundle (see docs/bundles.md). All values are strings.</summary>
public static class BundleKeys
{
    public const string Format = "rllab.format";
    public const string FormatVersion = "1";
    public const string Version = "rllab.version";
    public const string EnvId = "env.id";
    public const string EnvOptions = "env.options";          // JSON object: string, list or map values
    public const string EnvWrappers = "env.wrappers";        // JSON list of {"name": .., "options": {..}}
    public const string ObservationShape = "observation.shape"; // "4" or "64,64,3" (HWC)
    public const string ObservationDType = "observation.dtype"; // float32 | uint8
    public const string ActionType = "action.type";          // discrete | box
    public const string ActionN = "action.n";
    public const string ActionShape = "action.shape";
    public const string ActionLow = "action.low";            // comma-separated floats, round-trip format
    public const string ActionHigh = "action.high";
    public const string PolicyType = "policy.type";          // one of NetworkRegistry.Names
    public const string PolicyHidden = "policy.hidden";      // "64,64"
    public const string PolicyActivation = "policy.activation"; // tanh | relu
    public const string PolicyHead = "policy.head";          // categorical | gaussian | mit_gaussian | tanh_gaussian | bounded_gaussian
    public const string PolicyCritic = "policy.critic";      // true | false
    public const string RunName = "run.name";
    public const string RunSeed = "run.seed";
    public const string RunSteps = "run.steps";
    public const string RunEvalEpisodes = "run.eval_episodes";
    public const string Description = "description";
    public const string DataSha256 = "data.sha256";          // SHA-256 (hex) of the data section: a flipped weight bit is caught
    public const string MetadataSha256 = "metadata.sha256";  // SHA-256 (hex) of the other metadata (BundleMetadataHash); optional for older bundles

    /// <summary>The observation normalisation tensors (count [1], mean [n], var [n]), present when the env normalises observations.</summary>
    public const string NormCount = "obs_norm.count";
    public const string NormMean = "obs_norm.mean";
    public const string NormVar = "obs_norm.var";

    public static IReadOnlyList<string> Required { get; } =
    [
        Format, Version, EnvId, EnvOptions, EnvWrappers, ObservationShape, ObservationDType, ActionType,
        PolicyType, PolicyHidden, PolicyActivation, PolicyHead, PolicyCritic, RunName, RunSeed, RunSteps, DataSha256,
    ];
}
