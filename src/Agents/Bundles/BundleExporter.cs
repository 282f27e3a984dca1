using RlLab.Sim;
using System.Globalization;
using System.Reflection;
using RlLab.Agents.Policies;
using RlLab.Agents.Training;
using RlLab.Envs;
using RlLab.Envs.Spaces;

namespace RlLab.Agents.Bundles;

/// <summary>
/// Writes a trained agent as one safetensors bundle: the F32 weights of the checkpoint part the algorithm
/// declares as acting (<see cref="Algorithms.AlgorithmSpec.ActingPart"/>: PPO's actor-critic, SAC's actor
/// alone, never its Q-networks), named as in the module,
/// the frozen observation statistics, and the metadata that rebuilds it (docs/bundles.md). The bytes
/// are read back through <see cref="BundleReader"/> before the file is written (atomically).
/// </summary>
public static class BundleExporter
{
    public static void Export(string runOrCheckpoint, string outPath, string? description)
    {
        using LoadedPolicy policy = LoadedPolicy.Load(runOrCheckpoint);
        byte[] bytes = ToBytes(policy, description);
        using (var check = new MemoryStream(bytes, writable: false))
        using (BundleReader.Read(check, outPath)) { }
        string? dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
        if (dir is not null) Directory.CreateDirectory(dir);
        AtomicFile.Write(outPath, stream => stream.Write(bytes));
    }

    public static string RlLabVersion =>
        typeof(BundleExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(BundleExporter).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>The bundle's bytes for a loaded policy.</summary>
    public static byte[] ToBytes(LoadedPolicy policy, string? description)
    {
        var config = policy.Config;
        using IEnv probe = Config.EnvFactory.Make(config.Env, 0);
        ActorCritic network = policy.Network;
        var metadata = new Dictionary<string, string>
        {
            [BundleKeys.Format] = BundleKeys.FormatVersion,
            [BundleKeys.Version] = RlLabVersion,
            [BundleKeys.EnvId] = config.Env.Id,
            [BundleKeys.EnvOptions] = BundleJson.Options(config.Env.Options),
            [BundleKeys.EnvWrappers] = BundleJson.Wrappers(config.Env.Wrappers),
            [BundleKeys.PolicyType] = config.Policy.Type,
            [BundleKeys.PolicyHidden] = string.Join(",", config.Policy.Hidden),
            [BundleKeys.PolicyActivation] = config.Policy.Activation,
            [BundleKeys.PolicyHead] = BundleArchitecture.HeadName(network.Head),
            [BundleKeys.PolicyCritic] = network.HasCritic ? "true" : "false",
            [BundleKeys.RunName] = config.Name,
            [BundleKeys.RunSeed] = config.Seed.ToString(CultureInfo.InvariantCulture),
            [BundleKeys.RunSteps] = policy.TrainingSteps.ToString(CultureInfo.InvariantCulture),
            [BundleKeys.RunEvalEpisodes] = config.Train.EvalEpisodes.ToString(CultureInfo.InvariantCulture),
            [BundleKeys.Description] = description ?? "",
        };
        Space obs = probe.ObservationSpace, act = probe.ActionSpace;
        metadata[BundleKeys.ObservationShape] = string.Join(",", obs.Shape);
        metadata[BundleKeys.ObservationDType] = obs is Box { DType: DType.UInt8 } ? "uint8" : "float32";
        switch (act)
        {
            case Discrete d:
                metadata[BundleKeys.ActionType] = "discrete";
                metadata[BundleKeys.ActionN] = d.N.ToString(CultureInfo.InvariantCulture);
                break;
            case Box b:
                metadata[BundleKeys.ActionType] = "box";
                metadata[BundleKeys.ActionShape] = string.Join(",", b.Shape);
                metadata[BundleKeys.ActionLow] = string.Join(",", b.Low.Select(x => x.ToString("R", CultureInfo.InvariantCulture)));
                metadata[BundleKeys.ActionHigh] = string.Join(",", b.High.Select(x => x.ToString("R", CultureInfo.InvariantCulture)));
                break;
        }

        metadata[BundleKeys.MetadataSha256] = BundleMetadataHash.Compute(metadata);

        var tensors = new List<SafetensorsTensor>();
        foreach (var (name, tensor) in network.state_dict())
        {
            using var cpu = tensor.detach().cpu().to(TorchSharp.torch.ScalarType.Float32).contiguous();
            tensors.Add(new SafetensorsTensor(name, cpu.shape, cpu.data<float>().ToArray()));
        }
        if (policy.ObservationStatistics is float[] s)
        {
            int n = (s.Length - 1) / 2;
            tensors.Add(new SafetensorsTensor(BundleKeys.NormCount, [1], [s[0]]));
            tensors.Add(new SafetensorsTensor(BundleKeys.NormMean, [n], s[1..(1 + n)]));
            tensors.Add(new SafetensorsTensor(BundleKeys.NormVar, [n], s[(1 + n)..]));
        }
        return SafetensorsWriter.ToBytes(metadata, tensors, BundleKeys.DataSha256);
    }
}
