using System.Text;
using RlLab.Agents.Bundles;

namespace RlLab.Agents.Tests.Bundles;

/// <summary>A hostile file, and a fragment of the one-line message it must be rejected with.</summary>
sealed record HostileFile(string Name, byte[] Bytes, string Expected);

/// <summary>
/// Makes the corpus of hostile bundles: broken safetensors layers, spoiled metadata, other formats.
/// Each is small; together they cover the issue's list (and a few more).
/// </summary>
static class HostileCorpus
{
    const string F32x2 = "\"dtype\":\"F32\",\"shape\":[2]";

    public static IReadOnlyList<HostileFile> Make()
    {
        byte[] valid = TestBundles.Valid();
        byte[] eight = new byte[8];
        var files = new List<HostileFile>
        {
            new("empty.safetensors", [], "the file is empty"),
            new("truncated-length.safetensors", valid[..5], "truncated: 5 bytes"),
            new("truncated-data.safetensors", valid[..^4], "data_offsets"),
            new("length-beyond-file.safetensors", TestBundles.Raw("{}", []) is var r ? Patch(r, 0, 0xFF, 0xFF, 0xFF, 0x7F) : [], "goes beyond the end of the file"),
            new("huge-header.safetensors", TestBundles.Raw("{}" + new string(' ', 200_000), []), "the header is 200002 bytes; the limit is 100000"),
            new("overlap.safetensors", TestBundles.Raw($"{{\"a\":{{{F32x2},\"data_offsets\":[0,8]}},\"b\":{{{F32x2},\"data_offsets\":[4,12]}}}}", new byte[12]), "overlap"),
            new("gap.safetensors", TestBundles.Raw($"{{\"a\":{{{F32x2},\"data_offsets\":[0,8]}},\"b\":{{{F32x2},\"data_offsets\":[12,20]}}}}", new byte[20]), "a gap of 4 bytes"),
            new("out-of-bounds.safetensors", TestBundles.Raw($"{{\"a\":{{{F32x2},\"data_offsets\":[0,8]}},\"b\":{{{F32x2},\"data_offsets\":[8,16]}}}}", eight), "go beyond the 8 data bytes"),
            new("span-mismatch.safetensors", TestBundles.Raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", eight), "needs 12 bytes, data_offsets span 8"),
            new("count-overflow.safetensors", TestBundles.Raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", eight), "overflows"),
            new("bytes-overflow.safetensors", TestBundles.Raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904],\"data_offsets\":[0,8]}}", eight), "overflows"),
            new("unknown-dtype.safetensors", TestBundles.Raw("{\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", eight), "dtype 'I64'"),
            new("rank-5.safetensors", TestBundles.Raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1,1,1,1,2],\"data_offsets\":[0,8]}}", eight), "rank above 4"),
            new("negative-offset.safetensors", TestBundles.Raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}", eight), "non-negative integer"),
            new("bad-name.safetensors", TestBundles.Raw("{\"../a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", eight), "is not made of [A-Za-z0-9_.]"),
            new("nan.safetensors", TestBundles.Raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", [0, 0, 0x80, 0x3F, 0, 0, 0xC0, 0x7F]), "element 1 is NaN"),
            new("inf-f16.safetensors", TestBundles.Raw("{\"a\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}", [0x00, 0x7C]), "element 0 is infinite"),
            new("duplicate-tensor.safetensors", TestBundles.Raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", eight), "the key 'a' twice"),
            new("duplicate-metadata.safetensors", TestBundles.Raw("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", []), "__metadata__ has the key 'k' twice"),
            new("duplicate-field.safetensors", TestBundles.Raw("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]), "the key 'dtype' twice"),
            new("metadata-number.safetensors", TestBundles.Raw("{\"__metadata__\":{\"k\":1}}", []), "__metadata__.k is not a string"),
            new("non-utf8.safetensors", TestBundles.Raw([.. "{\"__metadata__\":{\"k\":\""u8, 0xC3, 0x28, .. "\"}}"u8], []), "not valid UTF-8"),
            new("leading-space.safetensors", TestBundles.Raw(" {}", []), "does not start with '{'"),
            new("tab-padding.safetensors", TestBundles.Raw("{}\t", []), "not space padding"),
            new("two-objects.safetensors", TestBundles.Raw("{}{}", []), "not space padding"),
            new("comment.safetensors", TestBundles.Raw("{/*x*/}", []), "not valid JSON"),
            new("trailing-bytes.safetensors", [.. valid, 0, 0, 0, 0], "4 trailing bytes after the last tensor"),
            new("pickle.pt", [0x80, 0x02, (byte)'c', (byte)'o', (byte)'s', 0x0A, (byte)'s', (byte)'y', (byte)'s'], "a Python pickle (protocol 2)"),
            new("pickle4.safetensors", [0x80, 0x04, 0x95, 0x10, 0, 0, 0, 0, 0, 0, (byte)'}'], "a Python pickle (protocol 4)"),
            new("sb3.zip", [(byte)'P', (byte)'K', 3, 4, 20, 0, 0, 0, 8, 0], "a zip archive"),
            new("checkpoint.safetensors", [.. RlLab.Agents.Checkpoints.Checkpoint.MagicPrefix, 0, 0], "an RlLab training checkpoint"),
            new("module.dat", [4, 15, .. "features.weight"u8, 0, 0, 0, 0, 0, 0, 0, 0], "TorchSharp Module.save"),
            new("no-metadata.safetensors", TestBundles.Raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", eight), "no __metadata__"),
            new("too-many-tensors.safetensors", ManyTensors(257), "more than 256 tensors"),
        };

        // Spoiled metadata on an otherwise valid bundle.
        files.Add(new("unknown-architecture.safetensors", WithMetadata(BundleKeys.PolicyType, "transformer"), "unknown architecture 'transformer'"));
        files.Add(new("unknown-activation.safetensors", WithMetadata(BundleKeys.PolicyActivation, "gelu"), "unknown activation 'gelu'"));
        files.Add(new("unknown-env.safetensors", WithMetadata(BundleKeys.EnvId, "Doom"), "unknown env 'Doom'"));
        files.Add(new("future-format.safetensors", WithMetadata(BundleKeys.Format, "99"), "reads version 1"));
        files.Add(new("bad-options.safetensors", WithMetadata(BundleKeys.EnvOptions, "{\"a\":1,\"a\":2}"), "env.options has the key 'a' twice"));
        files.Add(new("bad-option-value.safetensors", WithMetadata(BundleKeys.EnvOptions, "{\"gravity\":\"heavy\"}"), "'gravity'"));
        files.Add(new("budget.safetensors", WithMetadata(BundleKeys.PolicyHidden, "4096,4096"), "the budget is 20000000"));
        files.Add(new("size-mismatch.safetensors", WithMetadata(BundleKeys.PolicyHidden, "9"), "needs 120 parameters; the tensors hold 107"));
        files.Add(new("missing-checksum.safetensors", WithoutMetadata(BundleKeys.DataSha256), "__metadata__ lacks 'data.sha256'"));
        // Metadata edited after export (the speed a race must not take from a bundle), the metadata hash left as it was.
        var hashed = TestBundles.CartPoleMetadata();
        hashed[BundleKeys.MetadataSha256] = BundleMetadataHash.Compute(hashed);
        hashed[BundleKeys.EnvOptions] = "{\"max_steps\":\"100000\"}";
        files.Add(new("edited-metadata.safetensors", TestBundles.Bundle(hashed, TestBundles.Tensors()), "the metadata does not match metadata.sha256"));
        files.Add(new("wrong-head.safetensors", WithMetadata(BundleKeys.PolicyHead, "gaussian"), "'gaussian' is not a head for the action space Discrete(2)"));
        var metadata = TestBundles.CartPoleMetadata();
        // The checksum is right, the weights are NaN: each check stands on its own.
        var nanTensors = TestBundles.Tensors();
        nanTensors[0].Values[0] = float.NaN;
        files.Add(new("nan-weights.safetensors", TestBundles.Bundle(metadata, nanTensors), "is NaN"));
        // Same parameter count, transposed weight: the shapes must match the module exactly.
        var transposed = TestBundles.Tensors();
        int w = transposed.FindIndex(t => t.Name == "actor.fc0.weight");
        transposed[w] = transposed[w] with { Shape = [transposed[w].Shape[1], transposed[w].Shape[0]] };
        files.Add(new("mismatched-shape.safetensors", TestBundles.Bundle(metadata, transposed), "tensor 'actor.fc0.weight' has shape [4, 8]; the architecture needs [8, 4]"));
        var extra = TestBundles.Tensors();
        extra.Add(new SafetensorsTensor("payload", [0], []));
        files.Add(new("extra-tensor.safetensors", TestBundles.Bundle(metadata, extra), "'payload' is not part of the declared architecture"));
        var renamed = TestBundles.Tensors();
        renamed[0] = renamed[0] with { Name = renamed[0].Name + "x" };
        files.Add(new("renamed-tensor.safetensors", TestBundles.Bundle(metadata, renamed), "is missing"));
        // A bundle for 5 observations: valid in itself, wrong for CartPole's 4.
        var five = TestBundles.CartPoleMetadata();
        five[BundleKeys.ObservationShape] = "5";
        files.Add(new("wrong-observation-space.safetensors", TestBundles.Bundle(five, TestBundles.Tensors(observation: 5)), "the env's observation space Box(4, float32) is not the bundle's Box(5, float32)"));
        // A flipped weight bit that keeps the value finite.
        byte[] flipped = (byte[])valid.Clone();
        flipped[^3] ^= 0x01;
        files.Add(new("flipped-bit.safetensors", flipped, "the data does not match data.sha256"));
        return files;
    }

    static byte[] WithMetadata(string key, string value)
    {
        var m = TestBundles.CartPoleMetadata();
        m[key] = value;
        return TestBundles.Bundle(m, TestBundles.Tensors());
    }

    static byte[] WithoutMetadata(string key)
    {
        var m = TestBundles.CartPoleMetadata();
        m.Remove(key);
        return SafetensorsWriter.ToBytes(m, TestBundles.Tensors());
    }

    static byte[] ManyTensors(int n)
    {
        var header = new StringBuilder("{");
        for (int i = 0; i < n; i++) header.Append($"{(i > 0 ? "," : "")}\"t{i}\":{{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[{4 * i},{4 * i + 4}]}}");
        return TestBundles.Raw(header.Append('}').ToString(), new byte[4 * n]);
    }

    static byte[] Patch(byte[] bytes, int at, params byte[] with)
    {
        with.CopyTo(bytes, at);
        return bytes;
    }
}
