using RlLab.Agents.Config;
using RlLab.Agents.Policies;
using RlLab.Envs.Vector;
using TorchSharp;

namespace RlLab.Agents.Algorithms;

/// <summary>
/// An algorithm's registration, kept in its folder beside its class: its <c>algo.name</c>, its own
/// keys (defaults, ranges, docs), the defaults it gives shared keys, how its section is read, checked
/// and written, and how it is built. <see cref="AlgorithmRegistry"/> lists them; the loader, the
/// writer and docs/experiments.md's reference read them, so adding an algorithm touches no config code.
/// </summary>
public abstract class AlgorithmSpec
{
    /// <summary>The <c>algo.name</c> value.</summary>
    public abstract string Name { get; }

    /// <summary>One line for the reference: what it is and whose details it follows.</summary>
    public abstract string Summary { get; }

    /// <summary>Whether the policy carries a value head (actor-critic).</summary>
    public abstract bool HasCritic { get; }

    /// <summary>
    /// The checkpoint part (<see cref="IAlgorithm.Saved"/>) that is the policy the setup built: eval, watch
    /// and record load it from a checkpoint, and a bundle holds its tensors and nothing else (SAC: the
    /// actor, never its Q-networks or targets).
    /// </summary>
    public virtual string ActingPart => Checkpoints.CheckpointPart.Policy;

    /// <summary>Its <c>algo.*</c> keys (all but algo.name), in the order they are written and documented.</summary>
    public abstract IReadOnlyList<ConfigKey> Keys { get; }

    /// <summary>Defaults it gives keys every experiment has (e.g. a smaller policy), by path.</summary>
    protected virtual IReadOnlyDictionary<string, object?> SharedDefaults { get; } = new Dictionary<string, object?>();

    /// <summary>A shared key with this algorithm's default.</summary>
    public ConfigKey Effective(ConfigKey shared) =>
        SharedDefaults.TryGetValue(shared.Path, out object? value) ? shared with { Default = value } : shared;

    /// <summary>Reads its section (every key of <see cref="Keys"/>; the loader rejects any other).</summary>
    internal abstract AlgoConfig Read(YamlSection algo);

    /// <summary>Checks the section against the rest of the experiment; throws a ConfigException at the key to blame.</summary>
    internal virtual void Validate(AlgoConfig algo, EnvConfig env, TrainConfig train, YamlSection root) { }

    /// <summary>The value of one of its keys, for the writer.</summary>
    public abstract object? Value(AlgoConfig algo, ConfigKey key);

    /// <summary>Builds the learner on the training envs and the seeded policy.</summary>
    public abstract IAlgorithm Create<TObs>(AlgoConfig config, VectorEnv<TObs> envs, ActorCritic policy, torch.Device device, torch.Generator generator)
        where TObs : unmanaged;
}
