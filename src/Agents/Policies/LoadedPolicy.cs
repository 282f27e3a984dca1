using RlLab.Agents.Bundles;
using RlLab.Agents.Checkpoints;
using RlLab.Agents.Config;
using RlLab.Envs;
using TorchSharp;

namespace RlLab.Agents.Policies;

/// <summary>
/// A trained policy read from a checkpoint, ready to act on single observations
/// (for eval, the viewer and recordings). The checkpoint carries its own config.
/// </summary>
public sealed class LoadedPolicy : IDisposable
{
    readonly PolicyRunner<float>? _floatRunner;
    readonly PolicyRunner<byte>? _byteRunner;
    readonly torch.Generator _generator;

    LoadedPolicy(string path, ExperimentConfig config, ActorCritic network, torch.Device device, IEnv probe)
    {
        Path = path;
        Config = config;
        Network = network;
        Device = device;
        _generator = new torch.Generator((ulong)config.Seed, device);
        if (probe is IEnv<byte>) _byteRunner = new PolicyRunner<byte>(network, 1, probe.ObservationSpace.Shape, device);
        else _floatRunner = new PolicyRunner<float>(network, 1, probe.ObservationSpace.Shape, device);
    }

    public string Path { get; }
    public ExperimentConfig Config { get; }
    public ActorCritic Network { get; }
    public torch.Device Device { get; }
    /// <summary>normalize_observation statistics saved at training time; apply with <see cref="Evaluation.Evaluator.Freeze"/> to envs built for this policy.</summary>
    public float[]? ObservationStatistics { get; private init; }
    /// <summary>The env steps the policy was trained for.</summary>
    public long TrainingSteps { get; private init; }
    /// <summary>The bundle this policy came from, or null for a checkpoint.</summary>
    public AgentBundle? Bundle { get; private init; }

    /// <summary>True for a file that is to be read as a bundle: anything but a checkpoint (a pickle gets the bundle reader's message).</summary>
    public static bool IsBundlePath(string path)
    {
        if (!File.Exists(path) || path.EndsWith(".ckpt", StringComparison.OrdinalIgnoreCase)) return false;
        // A renamed checkpoint still loads as one.
        return !Checkpoint.HasMagic(path);
    }

    /// <summary>Loads the checkpoint (a .ckpt file, a checkpoints folder or a run folder) or an agent bundle (.safetensors).</summary>
    public static LoadedPolicy Load(string runOrCheckpoint, string device = "cpu")
    {
        if (IsBundlePath(runOrCheckpoint)) return LoadBundle(runOrCheckpoint, device);
        string path = Checkpoint.Resolve(runOrCheckpoint);
        var (yaml, state) = Checkpoint.ReadHeader(path);
        ExperimentConfig config = ConfigLoader.ParseStored(yaml, path + "#config");
        var (dev, _) = Devices.DeviceChooser.Resolve(device);
        using IEnv probe = EnvFactory.Make(config.Env, 0);
        var network = new ActorCritic(config.Policy, probe.ObservationSpace, probe.ActionSpace, config.Algo.Algorithm.HasCritic);
        // The part that acts (the actor of SAC); its other networks and the optimisers stay in the file.
        Checkpoint.LoadInto(path, [CheckpointPart.Module(config.Algo.Algorithm.ActingPart, network)]);
        network.to(dev);
        network.eval();
        return new LoadedPolicy(path, config, network, dev, probe) { ObservationStatistics = state.ObservationStatistics, TrainingSteps = state.GlobalStep };
    }

    /// <summary>A bundle, validated by <see cref="BundleReader"/>, whose spaces must match the env its metadata builds.</summary>
    static LoadedPolicy LoadBundle(string path, string device)
    {
        AgentBundle bundle = BundleReader.Read(path);
        try
        {
            ExperimentConfig config = bundle.ToExperimentConfig();
            var (dev, _) = Devices.DeviceChooser.Resolve(device);
            IEnv probeEnv;
            try
            {
                probeEnv = EnvFactory.Make(config.Env, 0);
            }
            catch (RlLab.Envs.Registry.EnvOptionException e)
            {
                throw new BundleException(path, $"env.options or env.wrappers: '{e.Key}': {e.Message}");
            }
            using IEnv probe = probeEnv;
            bundle.CheckSpaces(probe.ObservationSpace, probe.ActionSpace);
            bundle.Network.to(dev);
            return new LoadedPolicy(path, config, bundle.Network, dev, probe)
            {
                ObservationStatistics = bundle.ObservationStatistics,
                TrainingSteps = bundle.Steps,
                Bundle = bundle,
            };
        }
        catch
        {
            bundle.Dispose();
            throw;
        }
    }

    public void Act(ReadOnlySpan<float> observation, Span<float> action, bool deterministic = true) =>
        (_floatRunner ?? throw new InvalidOperationException("this policy takes image observations"))
            .Act(observation, action, default, default, deterministic, _generator);

    public void Act(ReadOnlySpan<byte> observation, Span<float> action, bool deterministic = true) =>
        (_byteRunner ?? throw new InvalidOperationException("this policy takes vector observations"))
            .Act(observation, action, default, default, deterministic, _generator);

    public void Dispose()
    {
        _floatRunner?.Dispose();
        _byteRunner?.Dispose();
        _generator.Dispose();
        Network.Dispose();
    }
}
