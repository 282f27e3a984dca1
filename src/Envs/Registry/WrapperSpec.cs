namespace RlLab.Envs.Registry;

/// <summary>
/// One entry of an experiment's <c>env.wrappers</c> list: a wrapper name and its options.
/// Names and options (defaults in brackets):
/// <list type="bullet">
/// <item><c>time_limit</c>: max_steps [the env's limit]. Sets the limit of the stack's own TimeLimit (at most once).</item>
/// <item><c>normalize_observation</c>: epsilon [1e-8], clip [10]. Float observations only.</item>
/// <item><c>scale_reward</c>: gamma [0.99], epsilon [1e-8], clip [10].</item>
/// <item><c>frame_stack</c>: k [4], padding [reset | zero]. Stacks along the last (channel) axis.</item>
/// <item><c>clip_action</c>: no options. Box actions only.</item>
/// <item><c>mit_preprocess</c>: no options. RGB frames of at least 195×160 to the MIT 80×80 binary image.</item>
/// <item><c>frame_difference</c>: encoding [offset | split]. Byte images: offset (current − previous + 256) / 2; split two zero-based channels, lit up and gone dark.</item>
/// <item><c>atari_preprocess</c>: size [84]. RGB to grayscale, area resize to size × size.</item>
/// </list>
/// </summary>
public sealed record WrapperSpec(string Name, EnvOptions Options)
{
    public WrapperSpec(string name) : this(name, EnvOptions.Empty) { }

    public const string TimeLimit = "time_limit", NormalizeObservation = "normalize_observation",
        ScaleReward = "scale_reward", FrameStack = "frame_stack", ClipAction = "clip_action",
        MitPreprocess = "mit_preprocess", FrameDifference = "frame_difference", AtariPreprocess = "atari_preprocess";

    public static IReadOnlyList<string> KnownNames { get; } = [TimeLimit, NormalizeObservation, ScaleReward, FrameStack, ClipAction, MitPreprocess, FrameDifference, AtariPreprocess];
}
