using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace RlLab.Agents.Bundles;

/// <summary>
/// A strict reader of the safetensors format (https://huggingface.co/docs/safetensors): an 8-byte
/// little-endian header length N, N bytes of UTF-8 JSON, then the raw tensor bytes. Every size it
/// reads is checked against the file's length and the <see cref="BundleLimits"/> before anything
/// of that size is allocated, so memory stays bounded by the file, not by what the header claims.
/// It is stricter than the reference reader: no duplicate keys, only spaces as padding, offsets
/// that tile the data exactly, names from [A-Za-z0-9_.], and finite values only.
/// </summary>
public static class SafetensorsReader
{
    public const string MetadataKey = "__metadata__";
    const int MaxRank = 4;

    public static SafetensorsContent Read(string path, BundleLimits? limits = null)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BundleException(path, "no such file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BundleException(path, $"cannot be opened ({e.GetType().Name})");
        }
        using (stream) return Read(stream, path, limits);
    }

    /// <summary>Reads from a seekable stream; <paramref name="name"/> is used in messages.</summary>
    public static SafetensorsContent Read(Stream stream, string name, BundleLimits? limits = null)
    {
        limits ??= BundleLimits.Default;
        long fileLength = stream.Length;
        Span<byte> prefix = stackalloc byte[9];
        int got = ReadUpTo(stream, prefix);
        ulong headerLength = got >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(prefix) : 0;
        // Only a file that does not look like safetensors is sniffed: a valid header length can begin 0x80 0x02 too.
        bool plausible = got == 9 && headerLength <= (ulong)(fileLength - 8) && prefix[8] == (byte)'{';
        if (!plausible && FormatSniffer.Describe(prefix[..got], fileLength) is string other) throw new BundleException(name, other);
        if (got < 8) throw new BundleException(name, $"truncated: {fileLength} bytes, too short for the 8-byte header length");
        if (headerLength > (ulong)(fileLength - 8))
            throw new BundleException(name, FormatSniffer.DescribeTorchSharp(prefix) ?? $"the header length {headerLength} goes beyond the end of the file ({fileLength} bytes)");
        if (headerLength > (ulong)limits.MaxHeaderBytes)
            throw new BundleException(name, $"the header is {headerLength} bytes; the limit is {limits.MaxHeaderBytes}");
        if (headerLength < 2) throw new BundleException(name, $"the header is {headerLength} bytes, too short for a JSON object");

        var header = new byte[(int)headerLength];
        stream.Position = 8;
        if (ReadUpTo(stream, header) != header.Length) throw new BundleException(name, "truncated inside the header");
        long dataLength = fileLength - 8 - (long)headerLength;

        var (metadata, entries) = ParseHeader(header, name, limits);
        CheckLayout(entries, dataLength, name, limits);

        // Offsets now tile the data exactly and the total is within the budget: allocation is bounded by the file.
        var tensors = new List<SafetensorsTensor>(entries.Count);
        long dataStart = 8 + (long)headerLength;
        foreach (Entry e in entries.OrderBy(e => e.Begin).ThenBy(e => e.Name, StringComparer.Ordinal))
        {
            stream.Position = dataStart + e.Begin;
            float[] values = ReadValues(stream, e, name);
            tensors.Add(new SafetensorsTensor(e.Name, e.Shape, values));
        }
        tensors.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new SafetensorsContent(metadata, tensors);
    }

    sealed record Entry(string Name, SafetensorsDType DType, long[] Shape, long Count, long Begin, long End);

    static int ReadUpTo(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    static (Dictionary<string, string> Metadata, List<Entry> Entries) ParseHeader(byte[] header, string name, BundleLimits limits)
    {
        if (header[0] != (byte)'{') throw new BundleException(name, $"the header does not start with '{{' (byte 0x{header[0]:X2})");
        int end = header.Length;
        while (end > 0 && header[end - 1] == (byte)' ') end--;
        if (!System.Text.Unicode.Utf8.IsValid(header)) throw new BundleException(name, "the header is not valid UTF-8");
        ReadOnlySpan<byte> json = header.AsSpan(0, end);

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<Entry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool sawMetadata = false;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false });
        try
        {
            Expect(ref reader, JsonTokenType.StartObject, name, "the header");
            while (true)
            {
                Next(ref reader, name);
                if (reader.TokenType == JsonTokenType.EndObject) break;
                string key = reader.GetString()!;
                if (!seen.Add(key)) throw new BundleException(name, $"the header has the key '{Clip(key)}' twice");
                if (key == MetadataKey)
                {
                    sawMetadata = true;
                    ReadMetadata(ref reader, metadata, name);
                    continue;
                }
                if (entries.Count >= limits.MaxTensors) throw new BundleException(name, $"more than {limits.MaxTensors} tensors");
                if (!IsValidName(key)) throw new BundleException(name, $"the tensor name '{Clip(key)}' is not made of [A-Za-z0-9_.]");
                entries.Add(ReadEntry(ref reader, key, name));
            }
            if (reader.BytesConsumed != json.Length || reader.Read())
                throw new BundleException(name, "the header has bytes after its JSON object that are not space padding");
        }
        catch (JsonException e)
        {
            throw new BundleException(name, $"the header is not valid JSON (byte {e.BytePositionInLine ?? reader.BytesConsumed})");
        }
        catch (InvalidOperationException)
        {
            throw new BundleException(name, $"the header is not valid JSON (byte {reader.BytesConsumed})");
        }
        _ = sawMetadata;
        return (metadata, entries);
    }

    static void ReadMetadata(ref Utf8JsonReader reader, Dictionary<string, string> metadata, string name)
    {
        Expect(ref reader, JsonTokenType.StartObject, name, MetadataKey);
        while (true)
        {
            Next(ref reader, name);
            if (reader.TokenType == JsonTokenType.EndObject) return;
            string key = reader.GetString()!;
            Next(ref reader, name);
            if (reader.TokenType != JsonTokenType.String) throw new BundleException(name, $"{MetadataKey}.{Clip(key)} is not a string");
            if (!metadata.TryAdd(key, reader.GetString()!)) throw new BundleException(name, $"{MetadataKey} has the key '{Clip(key)}' twice");
        }
    }

    static Entry ReadEntry(ref Utf8JsonReader reader, string tensor, string name)
    {
        Expect(ref reader, JsonTokenType.StartObject, name, $"tensor '{tensor}'");
        string? dtype = null;
        List<long>? shape = null, offsets = null;
        while (true)
        {
            Next(ref reader, name);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            string key = reader.GetString()!;
            switch (key)
            {
                case "dtype" when dtype is null:
                    Next(ref reader, name);
                    if (reader.TokenType != JsonTokenType.String) throw new BundleException(name, $"tensor '{tensor}': dtype is not a string");
                    dtype = reader.GetString()!;
                    break;
                case "shape" when shape is null:
                    shape = ReadIntegers(ref reader, name, tensor, "shape", MaxRank);
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadIntegers(ref reader, name, tensor, "data_offsets", 2);
                    break;
                case "dtype" or "shape" or "data_offsets":
                    throw new BundleException(name, $"tensor '{tensor}' has the key '{key}' twice");
                default:
                    throw new BundleException(name, $"tensor '{tensor}' has the unknown key '{Clip(key)}'");
            }
        }
        if (dtype is null || shape is null || offsets is null)
            throw new BundleException(name, $"tensor '{tensor}' lacks {(dtype is null ? "dtype" : shape is null ? "shape" : "data_offsets")}");
        SafetensorsDType type = dtype switch
        {
            "F32" => SafetensorsDType.F32,
            "F16" => SafetensorsDType.F16,
            "BF16" => SafetensorsDType.BF16,
            _ => throw new BundleException(name, $"tensor '{tensor}' has the dtype '{Clip(dtype)}'; only F32, F16 and BF16 are accepted"),
        };
        if (offsets.Count != 2) throw new BundleException(name, $"tensor '{tensor}': data_offsets must be [begin, end]");
        long count;
        try
        {
            count = 1;
            foreach (long d in shape) count = checked(count * d);
        }
        catch (OverflowException)
        {
            throw new BundleException(name, $"tensor '{tensor}': the element count of shape [{string.Join(", ", shape)}] overflows");
        }
        return new Entry(tensor, type, [.. shape], count, offsets[0], offsets[1]);
    }

    static List<long> ReadIntegers(ref Utf8JsonReader reader, string name, string tensor, string field, int max)
    {
        Expect(ref reader, JsonTokenType.StartArray, name, $"tensor '{tensor}': {field}");
        var values = new List<long>(max);
        while (true)
        {
            Next(ref reader, name);
            if (reader.TokenType == JsonTokenType.EndArray) return values;
            if (values.Count == max)
                throw new BundleException(name, field == "shape" ? $"tensor '{tensor}' has rank above {MaxRank}" : $"tensor '{tensor}': {field} must be [begin, end]");
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long v) || v < 0)
                throw new BundleException(name, $"tensor '{tensor}': {field} holds something other than a non-negative integer");
            values.Add(v);
        }
    }

    static void CheckLayout(List<Entry> entries, long dataLength, string name, BundleLimits limits)
    {
        long total = 0;
        foreach (Entry e in entries)
        {
            if (e.End < e.Begin) throw new BundleException(name, $"tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}] end before they begin");
            if (e.End > dataLength) throw new BundleException(name, $"tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}] go beyond the {dataLength} data bytes");
            long span;
            try { span = checked(e.Count * Size(e.DType)); }
            catch (OverflowException) { throw new BundleException(name, $"tensor '{e.Name}': the byte size of shape [{string.Join(", ", e.Shape)}] overflows"); }
            if (span != e.End - e.Begin)
                throw new BundleException(name, $"tensor '{e.Name}': shape [{string.Join(", ", e.Shape)}] in {e.DType} needs {span} bytes, data_offsets span {e.End - e.Begin}");
            total += e.Count; // each count ≤ dataLength here, so this cannot overflow
            if (total > limits.MaxParameters) throw new BundleException(name, $"the tensors hold more than {limits.MaxParameters} values");
        }
        long at = 0;
        foreach (Entry e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin < at) throw new BundleException(name, $"tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}] overlap the tensor before it");
            if (e.Begin > at) throw new BundleException(name, $"tensor '{e.Name}': a gap of {e.Begin - at} bytes before its data_offsets [{e.Begin}, {e.End}]");
            at = e.End;
        }
        if (at != dataLength) throw new BundleException(name, $"{dataLength - at} trailing bytes after the last tensor");
    }

    static int Size(SafetensorsDType t) => t == SafetensorsDType.F32 ? 4 : 2;

    static float[] ReadValues(Stream stream, Entry e, string name)
    {
        var values = new float[e.Count];
        if (e.DType == SafetensorsDType.F32)
        {
            Span<byte> bytes = MemoryMarshal.AsBytes(values.AsSpan());
            if (ReadUpTo(stream, bytes) != bytes.Length) throw new BundleException(name, $"tensor '{e.Name}': truncated data");
            if (!BitConverter.IsLittleEndian)
            {
                Span<int> ints = MemoryMarshal.Cast<float, int>(values.AsSpan());
                BinaryPrimitives.ReverseEndianness(ints, ints);
            }
        }
        else
        {
            var raw = new byte[checked((int)(e.End - e.Begin))];
            if (ReadUpTo(stream, raw) != raw.Length) throw new BundleException(name, $"tensor '{e.Name}': truncated data");
            for (long i = 0; i < e.Count; i++)
            {
                ushort bits = BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan((int)(2 * i), 2));
                values[i] = e.DType == SafetensorsDType.F16
                    ? (float)BitConverter.UInt16BitsToHalf(bits)
                    : BitConverter.Int32BitsToSingle(bits << 16);
            }
        }
        for (long i = 0; i < values.LongLength; i++)
            if (!float.IsFinite(values[i]))
                throw new BundleException(name, $"tensor '{e.Name}': element {i} is {(float.IsNaN(values[i]) ? "NaN" : "infinite")}");
        return values;
    }

    public static bool IsValidName(string s)
    {
        if (s.Length is 0 or > 256) return false;
        foreach (char c in s)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.')) return false;
        return true;
    }

    static void Next(ref Utf8JsonReader reader, string name)
    {
        if (!reader.Read()) throw new BundleException(name, "the header's JSON ends early");
    }

    static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string name, string what)
    {
        Next(ref reader, name);
        if (reader.TokenType != type)
            throw new BundleException(name, $"{what} is not {(type == JsonTokenType.StartObject ? "an object" : "an array")}");
    }

    /// <summary>Keeps messages one short line whatever a hostile key holds.</summary>
    internal static string Clip(string s)
    {
        var b = new StringBuilder();
        foreach (char c in s.Length > 60 ? s[..60] : s) b.Append(char.IsControl(c) ? '?' : c);
        if (s.Length > 60) b.Append('…');
        return b.ToString();
    }
}
