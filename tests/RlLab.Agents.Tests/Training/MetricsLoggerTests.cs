using RlLab.Agents.Tests.Cli;
using RlLab.Agents.Training;

namespace RlLab.Agents.Tests.Training;

public sealed class MetricsLoggerTests
{
    [Fact]
    public void RowsFollowTheFirstDumpsKeysAndNaNIsEmpty()
    {
        using var dir = new TempDir();
        string csv = Path.Combine(dir.Path, "m.csv");
        using (var m = new MetricsLogger(csv, null))
        {
            m.Record("step", 10L);
            m.Record("losses/a", 1.5);
            m.Record("losses/b", double.NaN);
            m.Dump(10);
            m.Record("losses/b", 2.0);
            m.Record("step", 20L);
            m.Dump(20);
            Assert.Equal(2.0, m.Last("losses/b"));
        }
        Assert.Equal(["step,a,b", "10,1.5,", "20,,2"], File.ReadAllLines(csv));
    }

    [Fact]
    public void AKeyFirstRecordedLaterWidensTheHeaderAndKeepsEveryRow()
    {
        using var dir = new TempDir();
        string csv = Path.Combine(dir.Path, "m.csv");
        using (var m = new MetricsLogger(csv, null))
        {
            m.Record("step", 10L);
            m.Record("losses/a", 1.0);
            m.Dump(10);
            m.Record("step", 20L);
            m.Record("eval/late", 7.0);
            m.Record("losses/a", 2.0);
            m.Dump(20);
            m.Record("step", 30L);
            m.Dump(30);
        }
        Assert.Equal(["step,a,late", "10,1,", "20,2,7", "30,,"], File.ReadAllLines(csv));
        Assert.Equal([csv], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void TwoKeysCannotShareAColumn()
    {
        using var dir = new TempDir();
        using var m = new MetricsLogger(Path.Combine(dir.Path, "m.csv"), null);
        m.Record("losses/a", 1.0);
        m.Dump(0);
        m.Record("eval/a", 2.0);
        Assert.Contains("share the column a", Assert.Throws<InvalidOperationException>(() => m.Dump(1)).Message);
    }

    [Fact]
    public void ResumeAppendsUnderTheExistingHeaderAndDropsLaterRows()
    {
        using var dir = new TempDir();
        string csv = Path.Combine(dir.Path, "m.csv");
        File.WriteAllText(csv, "step,a\n10,1\n20,2\n30,3\n");
        using (var m = new MetricsLogger(csv, null, resumeStep: 20))
        {
            // Keys in another order, one the old header lacks: the file keeps its own column order, widened.
            m.Record("losses/new", 9.0);
            m.Record("losses/a", 5.0);
            m.Record("step", 30L);
            m.Dump(30);
        }
        Assert.Equal(["step,a,new", "10,1,", "20,2,", "30,5,9"], File.ReadAllLines(csv));
    }

    [Fact]
    public void LargeStepsStayIntegers()
    {
        using var dir = new TempDir();
        string csv = Path.Combine(dir.Path, "m.csv");
        using (var m = new MetricsLogger(csv, null))
        {
            m.Record("step", 12_345_678_901L);
            m.Dump(0);
        }
        Assert.Equal("12345678901", File.ReadAllLines(csv)[1]);
    }
}
