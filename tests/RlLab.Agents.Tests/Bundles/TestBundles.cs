using System.Text;
using RlLab.Agents.Bundles;
using RlLab.Agents.Policies;
using RlLab.Envs.Spaces;

namespace RlLab.Agents.Tests.Bundles;

/// <summary>Valid bundles built straight from a module (no training), and the pieces to spoil them.</summary>
static class TestBundles
{
    public static Dictionary<string, string> CartPoleMetadata(string hidden = "8") => new()
    {
        [BundleKeys.Format] = BundleKeys.FormatVersion,
        [BundleKeys.Version] = "test",
        [BundleKeys.EnvId] = "CartPole",
        [BundleKeys.EnvOptions] = "{}",
        [BundleKeys.EnvWrappers] = "[]",
        [BundleKeys.ObservationShape] = "4",
        [BundleKeys.ObservationDType] = "float32",
        [BundleKeys.ActionType] = "discrete",
        [BundleKeys.ActionN] = "2",
        [BundleKeys.PolicyType] = "mlp",
        [BundleKeys.PolicyHidden] = hidden,
        [BundleKeys.PolicyActivation] = "tanh",
        [BundleKeys.PolicyHead] = "categorical",
        [BundleKeys.PolicyCritic] = "true",
        [BundleKeys.RunName] = "test",
        [BundleKeys.RunSeed] = "1",
        [BundleKeys.RunSteps] = "0",
        [BundleKeys.Description] = "a test bundle",
    };

    /// <summary>The tensors of the module the metadata declares, with seeded weights.</summary>
    public static List<SafetensorsTensor> Tensors(int observation = 4, int hidden = 8, int seed = 1)
    {
        var arch = new BundleArchitecture("mlp", [hidden], "tanh", ActionHead.Categorical, true);
        using ActorCritic net = arch.Build(Box.Uniform(-1, 1, [observation]), new Discrete(2), seed);
        return [.. net.state_dict().Select(p => new SafetensorsTensor(p.Key, p.Value.shape, p.Value.data<float>().ToArray()))];
    }

    public static byte[] Valid() => Bundle(CartPoleMetadata(), Tensors());

    public static byte[] Bundle(Dictionary<string, string> metadata, List<SafetensorsTensor> tensors) =>
        SafetensorsWriter.ToBytes(metadata, tensors, BundleKeys.DataSha256);

    /// <summary>8 bytes little-endian N, then the header as given, then the data.</summary>
    public static byte[] Raw(string header, byte[] data) => Raw(Encoding.UTF8.GetBytes(header), data);

    public static byte[] Raw(byte[] header, byte[] data)
    {
        var bytes = new byte[8 + header.Length + data.Length];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }
}
