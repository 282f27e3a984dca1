using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace RlLab.Agents.Bundles;

/// <summary>
/// Writes the standard safetensors layout: the header length (u64, little-endian), the JSON header
/// padded with spaces to a multiple of 8 so that the data is aligned, then the F32 tensors in name
/// order, back to back.
/// </summary>
public static class SafetensorsWriter
{
    public static void Write(Stream stream, IReadOnlyDictionary<string, string> metadata, IEnumerable<SafetensorsTensor> tensors)
    {
        List<SafetensorsTensor> sorted = [.. tensors.OrderBy(t => t.Name, StringComparer.Ordinal)];
        byte[] header = Header(metadata, sorted);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (SafetensorsTensor t in sorted)
        {
            if (BitConverter.IsLittleEndian) stream.Write(MemoryMarshal.AsBytes(t.Values.AsSpan()));
            else
            {
                var buffer = new byte[4];
                foreach (float v in t.Values)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(buffer, v);
                    stream.Write(buffer);
                }
            }
        }
    }

    public static byte[] ToBytes(IReadOnlyDictionary<string, string> metadata, IEnumerable<SafetensorsTensor> tensors)
    {
        using var memory = new MemoryStream();
        Write(memory, metadata, tensors);
        return memory.ToArray();
    }

    static byte[] Header(IReadOnlyDictionary<string, string> metadata, List<SafetensorsTensor> tensors)
    {
        using var json = new MemoryStream();
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            if (metadata.Count > 0)
            {
                w.WriteStartObject(SafetensorsReader.MetadataKey);
                foreach (var (k, v) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal)) w.WriteString(k, v);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (SafetensorsTensor t in tensors)
            {
                if (!SafetensorsReader.IsValidName(t.Name)) throw new ArgumentException($"tensor name '{t.Name}' is not made of [A-Za-z0-9_.]");
                long count = 1;
                foreach (long d in t.Shape) count = checked(count * d);
                if (count != t.Values.LongLength) throw new ArgumentException($"tensor '{t.Name}': shape holds {count} values, the data {t.Values.LongLength}");
                w.WriteStartObject(t.Name);
                w.WriteString("dtype", "F32");
                w.WriteStartArray("shape");
                foreach (long d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset += 4 * count);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        int padded = (int)((json.Length + 7) / 8 * 8);
        while (json.Length < padded) json.WriteByte((byte)' ');
        return json.ToArray();
    }
}
