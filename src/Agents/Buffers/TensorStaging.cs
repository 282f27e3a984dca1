using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Buffers;

/// <summary>Moves managed buffers into tensors: one copy into CPU memory, then to the device if it is not the CPU.</summary>
public static class TensorStaging
{
    /// <summary>Byte observations stay uint8 (images are normalised on the device); everything else is float32.</summary>
    public static ScalarType TypeOf<T>() where T : unmanaged => typeof(T) == typeof(byte) ? ScalarType.Byte : ScalarType.Float32;

    public static Tensor FromBuffer<T>(ReadOnlySpan<T> data, long[] shape, Device device) where T : unmanaged
    {
        Tensor t = empty(shape, TypeOf<T>());
        t.data<T>().CopyFrom(data, 0, 0);
        return device.type == DeviceType.CPU ? t : t.to(device);
    }
}
