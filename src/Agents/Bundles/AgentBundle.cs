using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Envs.Spaces;

namespace RlLab.Agents.Bundles;

/// <summary>
/// A validated agent bundle: its metadata, the env it was trained on, the spaces it expects and the
/// policy network with the weights loaded (on the CPU, in eval mode). Made by <see cref="BundleReader"/>.
/// </summary>
public sealed class AgentBundle : IDisposable
{
    internal AgentBundle(string path, IReadOnlyDictionary<string, string> metadata, BundleArchitecture architecture,
        Space observationSpace, Space actionSpace, Dictionary<string, object?> envOptions, List<WrapperConfig> envWrappers,
        ActorCritic network, float[]? observationStatistics)
    {
        Path = path;
        Metadata = metadata;
        Architecture = architecture;
        ObservationSpace = observationSpace;
        ActionSpace = actionSpace;
        EnvOptions = envOptions;
        EnvWrappers = envWrappers;
        Network = network;
        ObservationStatistics = observationStatistics;
    }

    public string Path { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }
    public string EnvId => Metadata[BundleKeys.EnvId];
    /// <summary>The env options the agent was trained with (they fix the spaces).</summary>
    public IReadOnlyDictionary<string, object?> EnvOptions { get; }
    /// <summary>The wrappers above the env, in order (frame stacks and normalisation change what the policy sees).</summary>
    public IReadOnlyList<WrapperConfig> EnvWrappers { get; }
    public BundleArchitecture Architecture { get; }
    public Space ObservationSpace { get; }
    public Space ActionSpace { get; }
    public ActorCritic Network { get; }
    /// <summary>The frozen normalize_observation statistics (count, means, variances), or null.</summary>
    public float[]? ObservationStatistics { get; }
    public string RunName => Metadata[BundleKeys.RunName];
    public long Steps => long.Parse(Metadata[BundleKeys.RunSteps], System.Globalization.CultureInfo.InvariantCulture);
    public int Seed => int.Parse(Metadata[BundleKeys.RunSeed], System.Globalization.CultureInfo.InvariantCulture);
    public string Description => Metadata.GetValueOrDefault(BundleKeys.Description, "");

    /// <summary>Throws <see cref="BundleException"/> unless the env's spaces are the ones the bundle declares.</summary>
    public void CheckSpaces(Space observation, Space action)
    {
        if (!SameShape(observation, ObservationSpace))
            throw new BundleException(Path, $"the env's observation space {observation} is not the bundle's {ObservationSpace}");
        bool actionsMatch = (action, ActionSpace) switch
        {
            (Discrete a, Discrete b) => a.N == b.N,
            (Box a, Box b) => a.Equals(b),
            _ => false,
        };
        if (!actionsMatch) throw new BundleException(Path, $"the env's action space {Describe(action)} is not the bundle's {Describe(ActionSpace)}");
    }

    static bool SameShape(Space a, Space b) =>
        a is Box x && b is Box y && x.DType == y.DType && x.Shape.SequenceEqual(y.Shape);

    static string Describe(Space s) => s is Box b
        ? $"{b} in [{string.Join(",", b.Low)}]..[{string.Join(",", b.High)}]"
        : s.ToString();

    /// <summary>
    /// An experiment config that rebuilds the bundle's env (one env, the stored options and wrappers,
    /// its seed), for evaluation, the viewer and recordings. Training settings are the defaults.
    /// </summary>
    public ExperimentConfig ToExperimentConfig()
    {
        int seed = Seed;
        ExperimentConfig template = ConfigLoader.Parse($"name: bundle\nseed: {seed}\nenv:\n  id: CartPole\n", Path + "#template");
        int evalEpisodes = int.TryParse(Metadata.GetValueOrDefault(BundleKeys.RunEvalEpisodes), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out int e) && e is > 0 and <= 100_000 ? e : template.Train.EvalEpisodes;
        return template with
        {
            Name = RunName,
            Env = template.Env with { Id = EnvId, NumEnvs = 1, Threads = 1, Options = EnvOptions, Wrappers = EnvWrappers },
            Policy = Architecture.ToPolicyConfig(),
            Train = template.Train with { EvalEpisodes = evalEpisodes },
        };
    }

    public void Dispose() => Network.Dispose();
}
