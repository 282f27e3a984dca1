using RlLab.Sim.Tracks;

namespace RlLab.Envs.Tests.Sim;

/// <summary>Track geometry is validated when the file is read: one error naming the file, never a crash or a minute of work.</summary>
public sealed class TrackLimitsTests
{
    public static TheoryData<string, string[], string> Cases => new()
    {
        { "huge coordinates", ["0 0", "1e300 0", "1e300 1e300", "0 1e300"], "more than 10,000 m from the origin" },
        { "too many points", [.. Enumerable.Range(0, 10_001).Select(i => $"{Math.Cos(i * 2 * Math.PI / 10_001) * 400:F3} {Math.Sin(i * 2 * Math.PI / 10_001) * 400:F3}")], "more than 10,000 centreline points" },
        { "too wide", ["0 0", "5000 0", "5000 100", "0 100"], "at most 1,000 m a side" },
        { "too long a lap", [.. Enumerable.Range(0, 200).Select(i => $"{(i % 2) * 900} {i * 4}")], "a track's lap is 20 to 10,000 m" },
        { "too short a lap", ["0 0", "2 0", "2 2", "0 2"], "a track's lap is 20 to 10,000 m" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadGeometryIsRefusedNamingTheFile(string name, string[] lines, string expected)
    {
        var e = Assert.Throws<TrackFormatException>(() => TrackFile.Parse(lines, "bad.track"));
        Assert.True(e.Message.StartsWith("bad.track:", StringComparison.Ordinal) && e.Message.Contains(expected, StringComparison.Ordinal), $"{name}: {e.Message}");
    }

    [Fact]
    public void AFileTooLargeIsRefusedBeforeItIsRead()
    {
        string path = Path.Combine(Path.GetTempPath(), $"huge-{Guid.NewGuid():N}.track");
        try
        {
            using (var f = File.Create(path)) f.SetLength(TrackFile.MaxFileBytes + 1);
            var e = Assert.Throws<TrackFormatException>(() => TrackFile.Load(path));
            Assert.StartsWith($"{path}:1:", e.Message);
        }
        finally { File.Delete(path); }
    }
}
