namespace RlLab.Agents.Bundles;

/// <summary>
/// Recognises the files people mistake for a bundle by their first bytes, so that the message
/// says what the file is and how to get a bundle instead. Nothing here parses such a file.
/// </summary>
public static class FormatSniffer
{
    const string Export = "export a bundle with `rllab export RUN --out agent.safetensors`";

    /// <summary>A description of a known non-safetensors format, or null.</summary>
    public static string? Describe(ReadOnlySpan<byte> prefix, long fileLength)
    {
        if (fileLength == 0) return "the file is empty";
        // Pickle protocol 2–5 starts with PROTO (0x80) and the protocol number; older torch files too.
        if (prefix.Length >= 2 && prefix[0] == 0x80 && prefix[1] is >= 2 and <= 5)
            return $"a Python pickle (protocol {prefix[1]}), e.g. a torch.save .pt/.pth file; pickles can run code when opened and are never loaded; save a state dict with safetensors instead, or {Export}";
        if (prefix.Length >= 4 && prefix[0] == (byte)'P' && prefix[1] == (byte)'K' && prefix[2] is 3 or 5 or 7 && prefix[3] == prefix[2] + 1)
            return $"a zip archive (e.g. PyTorch's torch.save format or a Stable-Baselines3 .zip, which hold pickles); it is never opened; {Export}";
        // BinaryWriter.Write(string): a 7-bit length (12) then "RLLAB-CKPT-<version>" (Checkpoint.Magic); any version is one.
        if (prefix.Length >= 6 && prefix[0] == 12 && prefix[1..6].SequenceEqual("RLLAB"u8))
            return $"an RlLab training checkpoint (.ckpt), not a bundle; {Export.Replace("RUN", "RUN --checkpoint THIS_FILE")}";
        return null;
    }

    /// <summary>
    /// TorchSharp's Module.save (.dat) starts with a 7-bit-encoded entry count and then a length-prefixed
    /// parameter name, which read as a header length are absurd; say so instead of "beyond the file".
    /// </summary>
    public static string? DescribeTorchSharp(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length < 8 || prefix[0] is 0 or >= 0x80 || prefix[1] is < 2 or >= 0x80) return null;
        int n = Math.Min((int)prefix[1], 6);
        foreach (byte b in prefix.Slice(2, n))
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'.')) return null;
        return $"looks like a TorchSharp Module.save (.dat) file, whose loader trusts its sizes; it is not opened; {Export}";
    }
}
