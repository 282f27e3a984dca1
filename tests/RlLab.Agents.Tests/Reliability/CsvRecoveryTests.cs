using RlLab.Sim;
using RlLab.Agents.Tests.Cli;
using RlLab.Agents.Training;

namespace RlLab.Agents.Tests.Reliability;

public sealed class CsvRecoveryTests
{
    static readonly string[] Header = ["iteration", "step", "x"];

    [Fact]
    public void ATornLastLineAndRowsPastTheCheckpointAreDropped()
    {
        using var dir = new TempDir();
        string path = dir.File("p.csv", "iteration,step,x\n1,10,a\n2,20,b\n3,30,c\n4,4");
        using (var log = new CsvLog(path, Header, keepUpToStep: 20)) log.Row(3, 30, "new");
        Assert.Equal("iteration,step,x\n1,10,a\n2,20,b\n3,30,new\n", File.ReadAllText(path));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("iter")]
    public void AMissingEmptyOrHeaderlessFileRestartsWithANotice(string? content)
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "p.csv");
        if (content is not null) File.WriteAllText(path, content);
        var notices = new List<string>();
        using (var log = new CsvLog(path, Header, keepUpToStep: 50, notices.Add)) log.Row(6, 60, "z");
        Assert.Equal("iteration,step,x\n6,60,z\n", File.ReadAllText(path));
        Assert.Contains("up to step 50 are lost", Assert.Single(notices));
    }

    [Fact]
    public void AKilledAtomicWriteLeavesTheOldFileAndStaleTemporariesAreRemoved()
    {
        using var dir = new TempDir();
        var run = RunDirectory.Create(Path.Combine(dir.Path, "run"));
        AtomicFile.WriteAllText(run.Config, "old");
        Assert.ThrowsAny<Exception>(() => AtomicFile.Write(run.Config, s => { s.WriteByte(1); throw new IOException("disk full"); }));
        Assert.Equal("old", File.ReadAllText(run.Config));
        Assert.Empty(Directory.GetFiles(run.Path, "*.tmp-*"));
        File.WriteAllText(run.Config + ".tmp-99999", "");
        File.WriteAllText(Path.Combine(run.Checkpoints, "step-1.ckpt.tmp-99999"), "");
        run.RemoveStaleTemporaries();
        Assert.Empty(Directory.GetFiles(run.Path, "*.tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public void AnExistingRunDirectoryIsNeverWrittenOver()
    {
        using var dir = new TempDir();
        var run = RunDirectory.Create(Path.Combine(dir.Path, "run"));
        File.WriteAllText(run.Config, "x");
        Assert.Contains("--resume", Assert.Throws<SetupException>(() => RunDirectory.Create(run.Path)).Message);
        string file = dir.File("plain", "");
        Assert.Throws<SetupException>(() => RunDirectory.Create(file));
        Assert.NotNull(RunDirectory.Create(Path.Combine(dir.Path, "empty")));
    }
}
