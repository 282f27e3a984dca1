using RlLab.Sim.Tracks;

namespace RlLab.Envs.Tests.Sim;

public class TrackFileTests
{
    [Fact]
    public void Parse_ReadsNameWidthAndPoints()
    {
        string[] lines = ["# a square with round corners", "name square", "width 6", "0 0", "100 0", "100 100", "0 100"];
        Track t = TrackFile.Parse(lines, "square.track");
        Assert.Equal("square", t.Name);
        Assert.Equal(6, t.Width);
        Assert.InRange(t.Length, 300, 450);
        Assert.Null(t.Seed);
    }

    [Fact]
    public void Parse_BadLine_NamesFileAndLine()
    {
        string[] lines = ["width 4", "0 0", "oops", "10 10"];
        var e = Assert.Throws<TrackFormatException>(() => TrackFile.Parse(lines, "bad.track"));
        Assert.StartsWith("bad.track:3:", e.Message);
    }

    [Fact]
    public void Parse_RejectsTooFewPointsAndCrossings()
    {
        Assert.Throws<TrackFormatException>(() => TrackFile.Parse(["0 0", "10 0", "10 10"], "few.track"));
        // A figure eight crosses itself.
        string[] eight = ["0 0", "50 50", "100 0", "50 -50", "0 0.5", "-50 50", "-100 0", "-50 -50"];
        Assert.Throws<TrackFormatException>(() => TrackFile.Parse(eight, "eight.track"));
    }

    [Fact]
    public void SaveThenLoad_KeepsTheTrack()
    {
        Track t = TrackGenerator.Generate(5);
        string path = Path.Combine(Path.GetTempPath(), $"rllab-{Guid.NewGuid():N}.track");
        try
        {
            TrackFile.Save(t, path);
            Track back = TrackFile.Load(path);
            Assert.Equal(t.Length, back.Length, 0);
            Assert.Equal(t.Width, back.Width);
            Assert.Equal(t.X[0], back.X[0], 2);
        }
        finally { File.Delete(path); }
    }
}
