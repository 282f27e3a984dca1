using System.Diagnostics;
using CsCheck;
using RlLab.Agents.Bundles;
using RlLab.Agents.Policies;
using RlLab.Agents.Tests.Cli;
using Xunit;

namespace RlLab.Agents.Tests.Bundles;

/// <summary>The hostile corpus, and random mutations of a valid bundle.</summary>
public sealed class HostileBundleTests
{
    [Fact]
    public void TheValidBundleLoads()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "valid.safetensors");
        File.WriteAllBytes(path, TestBundles.Valid());
        using LoadedPolicy policy = LoadedPolicy.Load(path);
        Assert.Equal("CartPole", policy.Config.Env.Id);
    }

    [Fact]
    public void EveryHostileFileIsRejectedWithItsMessage()
    {
        using var dir = new TempDir();
        IReadOnlyList<HostileFile> corpus = HostileCorpus.Make();
        Assert.True(corpus.Count >= 20);
        Assert.Equal(corpus.Count, corpus.Select(f => f.Name).Distinct().Count());
        var wrong = new List<string>();
        foreach (HostileFile f in corpus)
        {
            string path = Path.Combine(dir.Path, f.Name);
            File.WriteAllBytes(path, f.Bytes);
            try
            {
                // As a leaderboard would: read, then check against the race's env.
                using (AgentBundle b = BundleReader.Read(path))
                using (RlLab.Envs.IEnv env = new RlLab.Envs.Registry.EnvStack("CartPole").Make())
                    b.CheckSpaces(env.ObservationSpace, env.ActionSpace);
                // …and as eval does, which also builds the env from the bundle's own options.
                using LoadedPolicy p = LoadedPolicy.Load(path);
                wrong.Add($"{f.Name}: accepted");
            }
            catch (BundleException e)
            {
                if (!e.Message.StartsWith(path + ": ", StringComparison.Ordinal) || e.Message.Contains('\n') || !e.Message.Contains(f.Expected, StringComparison.Ordinal))
                    wrong.Add($"{f.Name}: got \"{e.Message}\", expected \"{f.Expected}\"");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void LoadedPolicyRejectsAHostileFileAsABundleButStillLoadsARenamedCheckpoint()
    {
        using var dir = new TempDir();
        string pickle = Path.Combine(dir.Path, "agent.pt");
        File.WriteAllBytes(pickle, [0x80, 0x04, 0x95, 1, 2, 3, 4, 5, 6]);
        Assert.Contains("a Python pickle", Assert.Throws<BundleException>(() => LoadedPolicy.Load(pickle)).Message);
        Assert.False(LoadedPolicy.IsBundlePath(Path.Combine(dir.Path, "none.safetensors")));
        string fake = Path.Combine(dir.Path, "renamed.bin");
        File.WriteAllBytes(fake, [.. RlLab.Agents.Checkpoints.Checkpoint.MagicPrefix, 0]);
        Assert.False(LoadedPolicy.IsBundlePath(fake));
    }

    [Fact]
    public void ABundleLoadsOnlyAsABundle()
    {
        // The reader does not rely on the extension: a pickle named .safetensors is still a pickle.
        var e = Assert.Throws<BundleException>(() => BundleReader.Read(new MemoryStream([0x80, 0x05, 0x95, 1, 2, 3, 4, 5, 6]), "x.safetensors"));
        Assert.Contains("pickle", e.Message);
        // A header length that happens to begin 0x80 0x02 is not mistaken for a pickle.
        var content = SafetensorsReader.Read(new MemoryStream(TestBundles.Raw("{\"__metadata__\":{\"k\":\"" + new string('x', 640 - 21) + "\"}}", [])), "m");
        Assert.Equal(640 - 21, content.Metadata["k"].Length);
    }

    [Fact]
    public void LimitsAreConfigurable()
    {
        byte[] valid = TestBundles.Valid();
        var e = Assert.Throws<BundleException>(() => BundleReader.Read(new MemoryStream(valid), "v", new BundleLimits(MaxParameters: 100)));
        Assert.Contains("more than 100 values", e.Message);
        e = Assert.Throws<BundleException>(() => BundleReader.Read(new MemoryStream(valid), "v", new BundleLimits(MaxHeaderBytes: 64)));
        Assert.Contains("the limit is 64", e.Message);
        e = Assert.Throws<BundleException>(() => BundleReader.Read(new MemoryStream(valid), "v", new BundleLimits(MaxTensors: 3)));
        Assert.Contains("more than 3 tensors", e.Message);
    }

    /// <summary>
    /// Random byte mutations (overwrites, truncation, insertions) of a valid bundle: each read either
    /// throws a BundleException or loads weights identical to the original, in bounded time and memory.
    /// </summary>
    [Fact]
    public void MutationsAreRejectedCleanlyOrChangeNothing()
    {
        byte[] valid = TestBundles.Valid();
        Dictionary<string, float[]> original;
        using (AgentBundle b = BundleReader.Read(new MemoryStream(valid), "valid"))
            original = Weights(b);
        long allocationBound = 32L * valid.Length + (4 << 20);

        // Mostly printable and digit bytes, so that many mutants stay valid UTF-8 JSON and reach the later checks.
        var value = Gen.OneOf(Gen.Byte, Gen.Byte[0x20, 0x7E], Gen.Byte[(byte)'0', (byte)'9']);
        var edit = Gen.Select(Gen.Int[0, valid.Length - 1], value);
        var mutation = Gen.Select(edit.Array[1, 3], Gen.Int[0, 3], Gen.Int[0, valid.Length]);
        int accepted = 0, rejected = 0;
        mutation.Sample(m =>
        {
            var (edits, kind, cut) = m;
            byte[] bytes = (byte[])valid.Clone();
            foreach (var (at, value) in edits) bytes[at] = value;
            if (kind == 1) bytes = bytes[..cut];
            if (kind == 2) bytes = [.. bytes[..cut], edits[0].Item2, .. bytes[cut..]];

            var clock = Stopwatch.StartNew();
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                using AgentBundle b = BundleReader.Read(new MemoryStream(bytes), "mutant");
                Dictionary<string, float[]> loaded = Weights(b);
                Assert.Equal(original.Keys.Order(), loaded.Keys.Order());
                foreach (var (k, v) in original) Assert.Equal(v, loaded[k]);
                accepted++;
            }
            catch (BundleException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                if (Environment.GetEnvironmentVariable("BUNDLE_MUTATION_LOG") is not null) Console.Error.WriteLine(e.Problem);
                rejected++;
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < allocationBound, $"allocated {allocated} bytes for a {bytes.Length}-byte file");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        }, iter: 1000, threads: 1, seed: "0N0XIzNsQ0O2");
        Assert.True(rejected > 0 && accepted > 0, $"{rejected} rejected, {accepted} accepted");
    }

    static Dictionary<string, float[]> Weights(AgentBundle b) =>
        b.Network.state_dict().ToDictionary(p => p.Key, p => p.Value.data<float>().ToArray());
}
