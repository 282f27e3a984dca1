using System.Runtime.InteropServices;

namespace RlLab.Agents.Devices;

/// <summary>
/// Turns libtorch's NNPACK convolution backend off through its own switch
/// (<c>at::globalContext().setUserEnabledNNPACK(false)</c>). On CPUs NNPACK does not support, the
/// first stride-1 convolution otherwise prints "Could not initialize NNPACK! Reason: Unsupported
/// hardware." into the user's terminal; with the switch off libtorch never asks NNPACK, and oneDNN,
/// which runs libtorch's CPU convolutions anyway, is untouched. Other native messages still print.
/// </summary>
public static class Nnpack
{
    static readonly Lazy<bool> Switched = new(SwitchOff, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True once the switch is off; false when this libtorch lacks the symbols (the message may then appear).</summary>
    public static bool Disable() => Switched.Value;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate IntPtr GlobalContext();

    // A C++ member function: `this` is the first argument; bool is one byte.
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate void SetUserEnabled(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    delegate bool UserEnabled(IntPtr context);

    static bool SwitchOff()
    {
        // Make TorchSharp load libtorch; dlopen by the bare name then finds the loaded copy by its soname.
        _ = TorchSharp.torch.get_num_threads();
        if (!NativeLibrary.TryLoad("libtorch_cpu.so", out IntPtr lib)) return false;
        if (!NativeLibrary.TryGetExport(lib, "_ZN2at13globalContextEv", out IntPtr context)
            || !NativeLibrary.TryGetExport(lib, "_ZN2at7Context20setUserEnabledNNPACKEb", out IntPtr set)
            || !NativeLibrary.TryGetExport(lib, "_ZNK2at7Context17userEnabledNNPACKEv", out IntPtr get))
            return false;
        IntPtr ctx = Marshal.GetDelegateForFunctionPointer<GlobalContext>(context)();
        Marshal.GetDelegateForFunctionPointer<SetUserEnabled>(set)(ctx, false);
        return !Marshal.GetDelegateForFunctionPointer<UserEnabled>(get)(ctx);
    }
}
