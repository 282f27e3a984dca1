using TorchSharp;

namespace RlLab.Agents.Devices;

/// <summary>Resolves <c>train.device</c>: auto picks CUDA when TorchSharp reports it, else the CPU.</summary>
public static class DeviceChooser
{
    /// <summary>The device, and a one-line note when auto fell back to the CPU.</summary>
    public static (torch.Device Device, string? Note) Resolve(string name)
    {
        bool cuda = torch.cuda.is_available();
        return name switch
        {
            "cpu" => (torch.CPU, null),
            "cuda" when cuda => (torch.CUDA, null),
            "cuda" => throw new InvalidOperationException(
                "train.device: cuda was requested but TorchSharp reports no CUDA device (build with -p:TorchBackend=cuda on a machine with a GPU)"),
            _ when cuda => (torch.CUDA, null),
            _ => (torch.CPU, "no CUDA device found: training on the CPU"),
        };
    }
}
