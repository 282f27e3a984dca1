using System.Diagnostics;
using RlLab.Agents.Tests.Cli;
using RlLab.Sim;

namespace RlLab.Agents.Tests.Reliability;

/// <summary>
/// Every file a verb writes is atomic: on a full disk the verb fails with one line (exit 2), an
/// existing file keeps its old content and no partial or temporary file is left. The process cases
/// use a real full disk, a 256 KiB tmpfs (they need root to mount it, as the test machines have).
/// </summary>
public sealed class FullDiskTests
{
    [Fact]
    public void AWriterThatFailsLeavesTheOldFileAndNoTemporary()
    {
        using var dir = new TempDir();
        string path = dir.File("episode.mp4", "old");
        string? temp = null;
        var e = Assert.Throws<IOException>(() => AtomicFile.WriteVia(path, tmp =>
        {
            temp = tmp;
            File.WriteAllText(tmp, "half a vid");
            throw new IOException("No space left on device");
        }));
        Assert.Equal("No space left on device", e.Message);
        Assert.EndsWith(".mp4", temp); // ffmpeg picks the format by the extension
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    static readonly string Yaml = Training.TinyExperiments.PpoYaml("full", "total_steps: 512, eval_episodes: 0");

    [Fact]
    public void PlotSimRenderAndRecordOnAFullDiskLeaveNoPartialFile()
    {
        using var dir = new TempDir();
        string full = Path.Combine(dir.Path, "full");
        Directory.CreateDirectory(full);
        if (!Mount(full)) return; // not root: the in-process case above still covers the writer
        try
        {
            string old = Path.Combine(full, "old.png");
            File.WriteAllText(old, "old");
            // Fill the disk to the last byte.
            try { using var filler = File.Create(Path.Combine(full, "filler")); while (true) filler.Write(new byte[4096]); }
            catch (IOException) { }

            string yaml = dir.File("full.yaml", Yaml);
            string run = Path.Combine(dir.Path, "run");
            Assert.Equal(0, CliProcess.Run(dir.Path, "train", yaml, "--out", run, "--quiet").ExitCode);

            AssertFailsCleanly(CliProcess.Run(dir.Path, "plot", run, "--out", old), "plot");
            Assert.Equal("old", File.ReadAllText(old));
            AssertFailsCleanly(CliProcess.Run(dir.Path, "sim", "render", "--track", "oval", "--out", Path.Combine(full, "track.png")), "sim render");
            if (File.Exists("/usr/bin/ffmpeg") && Environment.GetEnvironmentVariable("DISPLAY") is not null)
                AssertFailsCleanly(CliProcess.Run(dir.Path, "record", run, "--out", Path.Combine(full, "episode.mp4"), "--episodes", "3"), "record");
            Assert.Equal(["filler", "old.png"], Directory.GetFiles(full).Select(Path.GetFileName).Order());
        }
        finally
        {
            using var umount = Process.Start("umount", full);
            umount.WaitForExit();
        }
    }

    static void AssertFailsCleanly(CliProcess.Result r, string verb)
    {
        CliProcess.AssertUserError(r, "No space left on device", verb);
        Assert.DoesNotContain("wrote", r.Stdout);
    }

    static bool Mount(string folder)
    {
        if (Environment.UserName != "root") return false;
        using var p = Process.Start(new ProcessStartInfo("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", folder]) { RedirectStandardError = true })!;
        p.WaitForExit();
        return p.ExitCode == 0;
    }
}
