using RlLab.Build;
using TorchSharp;
using static TorchSharp.torch;

namespace RlLab.Agents.Tests.Build;

public sealed class TorchSharpLoadTests
{
    [Fact]
    public void TensorOpAndBackwardRun()
    {
        using var scope = NewDisposeScope();
        Tensor x = tensor(new float[] { 1, 2, 3 }, requires_grad: true);
        Tensor y = (x * x).sum();
        y.backward();
        Assert.Equal(14f, y.item<float>());
        Assert.Equal(new float[] { 2, 4, 6 }, x.grad!.data<float>().ToArray());
    }

    static string OutputLibrary() =>
        Directory.GetFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories).First();

    [Fact]
    public void BuildLeftEveryOutputCopyPatched()
    {
        foreach (string file in Directory.GetFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories))
        {
            string copy = Path.GetTempFileName();
            File.Copy(file, copy, overwrite: true);
            try
            {
                Assert.Equal(ElfPatchResult.AlreadyWeak, ElfVersionPatch.MakeVersionWeak(copy, "GLIBCXX_3.4.32"));
            }
            finally { File.Delete(copy); }
        }
    }

    [Fact]
    public void PatchOfTheRealLibraryIsIdempotent()
    {
        // On the real library: from the pristine copy in the NuGet cache when it is there; the synthetic
        // test below covers the first patch whatever the machine has.
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string pristine = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        string source = File.Exists(pristine) ? pristine : OutputLibrary();
        string copy = Path.GetTempFileName();
        File.Copy(source, copy, overwrite: true);
        try
        {
            ElfPatchResult first = ElfVersionPatch.MakeVersionWeak(copy, "GLIBCXX_3.4.32");
            if (File.Exists(pristine)) Assert.Equal(ElfPatchResult.Patched, first);
            byte[] afterFirst = File.ReadAllBytes(copy);

            Assert.Equal(ElfPatchResult.AlreadyWeak, ElfVersionPatch.MakeVersionWeak(copy, "GLIBCXX_3.4.32"));
            Assert.Equal(afterFirst, File.ReadAllBytes(copy));

            // Only the two flag bytes of one Vernaux entry may differ from the original.
            byte[] original = File.ReadAllBytes(source);
            Assert.Equal(original.Length, afterFirst.Length);
            Assert.InRange(original.Zip(afterFirst).Count(p => p.First != p.Second), 0, 1);
        }
        finally { File.Delete(copy); }
    }

    /// <summary>
    /// A minimal ELF64 built from the format's layout: a string table and one Verneed with two
    /// Vernaux entries (GLIBCXX_3.4.32 and GLIBC_2.34), both flags 0. It always needs the patch, so
    /// this test runs whether or not the pristine NuGet package is on the machine.
    /// </summary>
    static byte[] SyntheticElf(out int glibcxxFlags, out int glibcFlags)
    {
        byte[] strings = "\0libstdc++.so.6\0GLIBCXX_3.4.32\0GLIBC_2.34\0"u8.ToArray();
        const int strtab = 64, verneed = 128, shoff = 192, shentsize = 64;
        var elf = new byte[shoff + 3 * shentsize];
        byte[] magic = [0x7f, (byte)'E', (byte)'L', (byte)'F'];
        magic.CopyTo(elf, 0);
        elf[4] = 2; elf[5] = 1; elf[6] = 1;                        // ELF64, little-endian, version 1
        BitConverter.TryWriteBytes(elf.AsSpan(0x28), (ulong)shoff);
        BitConverter.TryWriteBytes(elf.AsSpan(0x3A), (ushort)shentsize);
        BitConverter.TryWriteBytes(elf.AsSpan(0x3C), (ushort)3);
        strings.CopyTo(elf, strtab);
        // Verneed: version 1, 2 aux entries, file name at 1, aux at +16, no next.
        BitConverter.TryWriteBytes(elf.AsSpan(verneed), (ushort)1);
        BitConverter.TryWriteBytes(elf.AsSpan(verneed + 2), (ushort)2);
        BitConverter.TryWriteBytes(elf.AsSpan(verneed + 4), 1u);
        BitConverter.TryWriteBytes(elf.AsSpan(verneed + 8), 16u);
        int aux1 = verneed + 16, aux2 = aux1 + 16;
        BitConverter.TryWriteBytes(elf.AsSpan(aux1 + 8), 16u);        // name "GLIBCXX_3.4.32"
        BitConverter.TryWriteBytes(elf.AsSpan(aux1 + 12), 16u);       // next aux
        BitConverter.TryWriteBytes(elf.AsSpan(aux2 + 8), 31u);        // name "GLIBC_2.34"
        // Section 1: the string table; section 2: SHT_GNU_verneed, linked to 1, one entry.
        int s1 = shoff + shentsize, s2 = shoff + 2 * shentsize;
        BitConverter.TryWriteBytes(elf.AsSpan(s1 + 4), 3u);
        BitConverter.TryWriteBytes(elf.AsSpan(s1 + 0x18), (ulong)strtab);
        BitConverter.TryWriteBytes(elf.AsSpan(s2 + 4), 0x6ffffffeu);
        BitConverter.TryWriteBytes(elf.AsSpan(s2 + 0x18), (ulong)verneed);
        BitConverter.TryWriteBytes(elf.AsSpan(s2 + 0x28), 1u);
        BitConverter.TryWriteBytes(elf.AsSpan(s2 + 0x2C), 1u);
        (glibcxxFlags, glibcFlags) = (aux1 + 4, aux2 + 4);
        return elf;
    }

    [Fact]
    public void PatchSetsOnlyTheWeakFlagOfTheNamedVersionAndIsIdempotent()
    {
        byte[] original = SyntheticElf(out int target, out int other);
        string file = Path.GetTempFileName();
        File.WriteAllBytes(file, original);
        try
        {
            Assert.Equal(ElfPatchResult.Patched, ElfVersionPatch.MakeVersionWeak(file, "GLIBCXX_3.4.32"));
            byte[] once = File.ReadAllBytes(file);
            Assert.Equal(2, BitConverter.ToUInt16(once, target));   // VER_FLG_WEAK
            Assert.Equal(0, BitConverter.ToUInt16(once, other));
            Assert.Equal([target], Enumerable.Range(0, original.Length).Where(i => original[i] != once[i]));

            Assert.Equal(ElfPatchResult.AlreadyWeak, ElfVersionPatch.MakeVersionWeak(file, "GLIBCXX_3.4.32"));
            Assert.Equal(once, File.ReadAllBytes(file));
            Assert.Equal(ElfPatchResult.NotRequired, ElfVersionPatch.MakeVersionWeak(file, "GLIBCXX_9.9.99"));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void VersionNotRequiredIsReported()
    {
        string copy = Path.GetTempFileName();
        File.Copy(OutputLibrary(), copy, overwrite: true);
        try
        {
            Assert.Equal(ElfPatchResult.NotRequired, ElfVersionPatch.MakeVersionWeak(copy, "GLIBCXX_9.9.99"));
        }
        finally { File.Delete(copy); }
    }

    [Fact]
    public void NonElfIsRejected()
    {
        string file = Path.GetTempFileName();
        File.WriteAllText(file, "not a shared library, just text that is long enough to have a header......");
        try
        {
            Assert.Throws<InvalidDataException>(() => ElfVersionPatch.MakeVersionWeak(file, "GLIBCXX_3.4.32"));
        }
        finally { File.Delete(file); }
    }
}
