using TorchSharp;

namespace RlLab.Agents.Devices;

/// <summary>Resolves <c>train.device</c>: auto picks CUDA when TorchSharp reports it, else the CPU.</summary>
public static class DeviceChooser
{
    static readonly Lazy<bool> CudaAvailable = new(torch.cuda.is_available, LazyThreadSafetyMode.ExecutionAndPublication);

    static Task? _preload;

    /// <summary>
    /// Loads libtorch on a worker thread (about 0.2 s), so that it overlaps parsing the config and
    /// building the envs; <see cref="Resolve"/> waits for it if it has not finished.
    /// </summary>
    public static void Preload() => _preload ??= Task.Run(() =>
    {
        // A failure is kept by the Lazy and thrown again, on the caller's thread, by Resolve.
        try { _ = CudaAvailable.Value; }
        catch (Exception) { }
    });

    /// <summary>
    /// Waits for a preload that was started: a process that exits (say, on a config mistake) while
    /// another thread is inside libtorch's loader can die in native code (exit 139) instead of
    /// returning its exit code.
    /// </summary>
    public static void Settle() => _preload?.Wait(TimeSpan.FromSeconds(30));

    /// <summary>The device, and a one-line note when auto fell back to the CPU.</summary>
    public static (torch.Device Device, string? Note) Resolve(string name)
    {
        bool cuda = CudaAvailable.Value;
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
