using System.Text;
using RlLab.Agents.Bundles;
using Xunit;

namespace RlLab.Agents.Tests.Bundles;

/// <summary>The byte layout, against files written by hand from the format's specification.</summary>
public sealed class SafetensorsLayoutTests
{
    /// <summary>8 bytes little-endian N, N bytes of JSON header, then the data.</summary>
    static byte[] HandMade(string header, params byte[] data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new List<byte>();
        long n = json.Length;
        for (int i = 0; i < 8; i++) bytes.Add((byte)(n >> (8 * i)));
        bytes.AddRange(json);
        bytes.AddRange(data);
        return [.. bytes];
    }

    static SafetensorsContent Read(byte[] bytes) => SafetensorsReader.Read(new MemoryStream(bytes), "hand.safetensors");

    [Fact]
    public void Reads_a_hand_written_file()
    {
        // 1.0f = 00 00 80 3F, -2.0f = 00 00 00 C0, 0.5f = 00 00 00 3F (IEEE 754, little-endian).
        byte[] file = HandMade("""{"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"__metadata__":{"k":"v"}}""",
            0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x3F);
        SafetensorsContent c = Read(file);
        Assert.Equal("v", c.Metadata["k"]);
        Assert.Equal(["a", "b"], c.Tensors.Select(t => t.Name));
        Assert.Equal([2L], c.Tensors[0].Shape);
        Assert.Equal([1f, -2f], c.Tensors[0].Values);
        Assert.Equal([0.5f], c.Tensors[1].Values);
    }

    [Fact]
    public void Converts_f16_and_bf16()
    {
        // F16 1.0 = 0x3C00, -2.0 = 0xC000; BF16 1.0 = 0x3F80, 0.5 = 0x3F00.
        byte[] file = HandMade("""{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"g":{"dtype":"BF16","shape":[2],"data_offsets":[4,8]}}  """,
            0x00, 0x3C, 0x00, 0xC0, 0x80, 0x3F, 0x00, 0x3F);
        SafetensorsContent c = Read(file);
        Assert.Equal([1f, 0.5f], c.Tensors.Single(t => t.Name == "g").Values);
        Assert.Equal([1f, -2f], c.Tensors.Single(t => t.Name == "h").Values);
    }

    [Fact]
    public void Writes_the_layout_the_specification_describes()
    {
        byte[] bytes = SafetensorsWriter.ToBytes(new Dictionary<string, string> { ["k"] = "v" },
            [new SafetensorsTensor("z", [1], [0.5f]), new SafetensorsTensor("a", [2, 1], [1f, -2f])]);
        long n = BitConverter.ToInt64(bytes, 0);
        Assert.Equal(0, (8 + n) % 8); // data aligned to 8
        string header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.Equal("""{"__metadata__":{"k":"v"},"a":{"dtype":"F32","shape":[2,1],"data_offsets":[0,8]},"z":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", header.TrimEnd(' '));
        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x3F }, bytes[(8 + (int)n)..]);
        Assert.Equal(12, bytes.Length - 8 - n);
    }

    [Fact]
    public void Round_trips_through_the_writer()
    {
        var rng = new Random(5);
        float[] values = Enumerable.Range(0, 60).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        byte[] bytes = SafetensorsWriter.ToBytes(new Dictionary<string, string> { ["é"] = "ü\"\n" }, [new SafetensorsTensor("w.0", [3, 4, 5], values)]);
        SafetensorsContent c = Read(bytes);
        Assert.Equal("ü\"\n", c.Metadata["é"]);
        Assert.Equal(values, c.Tensors[0].Values);
        Assert.Equal([3L, 4L, 5L], c.Tensors[0].Shape);
    }
}
