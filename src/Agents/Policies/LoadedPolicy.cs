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

    /// <summary>Loads the checkpoint (a .ckpt file, a checkpoints folder or a run folder).</summary>
    public static LoadedPolicy Load(string runOrCheckpoint, string device = "cpu")
    {
        string path = Checkpoint.Resolve(runOrCheckpoint);
        var (yaml, state) = Checkpoint.ReadHeader(path);
        ExperimentConfig config = ConfigLoader.Parse(yaml, path + "#config");
        var (dev, _) = Devices.DeviceChooser.Resolve(device);
        using IEnv probe = EnvFactory.Make(config.Env, 0);
        var network = new ActorCritic(config.Policy, probe.ObservationSpace, probe.ActionSpace, config.Algo.Name == "ppo");
        Checkpoint.LoadInto(path, network, null);
        network.to(dev);
        network.eval();
        return new LoadedPolicy(path, config, network, dev, probe) { ObservationStatistics = state.ObservationStatistics };
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
