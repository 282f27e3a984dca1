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
    public void PatchIsIdempotent()
    {
        // Start from the pristine library in the NuGet cache when it is there, so the first run really patches.
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
