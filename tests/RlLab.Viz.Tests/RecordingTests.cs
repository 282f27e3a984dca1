using System.Diagnostics;
using System.Globalization;
using RlLab.Envs.Classic;
using RlLab.Envs.Wrappers;
using RlLab.Viz.Policies;
using RlLab.Viz.Recording;

namespace RlLab.Viz.Tests;

public sealed class RecordingTests
{
    /// <summary>ffprobe's count of decoded frames and the stream size.</summary>
    static (int Frames, int Width, int Height) Probe(string path)
    {
        var info = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "-v", "error", "-count_frames", "-select_streams", "v:0",
                     "-show_entries", "stream=nb_read_frames,width,height", "-of", "csv=p=0:nk=1", path })
            info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        string output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        // width,height,nb_read_frames
        string[] parts = output.Split(',');
        return (int.Parse(parts[2], CultureInfo.InvariantCulture), int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void RecordWritesAnMp4WithOneFramePerStep()
    {
        string path = Path.Combine(Path.GetTempPath(), $"rllab-test-{Guid.NewGuid():N}.mp4");
        // A 30-step limit ends the episode: 1 frame after reset + 30 steps.
        using var env = new TimeLimit<float>(new CartPole(), 30);
        RecordResult result = EpisodeRecorder.Record(env, ScriptedPolicies.CartPole, path, new RecordOptions { Width = 320, Height = 180 }, seed: 1);
        try
        {
            Assert.Equal(31, result.Frames);
            Assert.Equal("time_limit", result.Episodes[0].EndReason);
            Assert.Equal((31, 320, 180), Probe(path));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void RecordWritesAGifOfTwoEpisodes()
    {
        string path = Path.Combine(Path.GetTempPath(), $"rllab-test-{Guid.NewGuid():N}.gif");
        var (env, driving) = DrivingViewerTests.MakeDriving("state");
        RecordResult result = EpisodeRecorder.Record(env, ScriptedPolicies.Driving<float>(driving), path,
            new RecordOptions { Width = 160, Height = 120, Episodes = 2, MaxSteps = 9, Hud = false }, seed: 5);
        try
        {
            Assert.Equal(2 * 10, result.Frames);
            Assert.Equal(2, result.Episodes.Count);
            var (frames, w, h) = Probe(path);
            Assert.Equal((160, 120), (w, h));
            // The GIF encoder may merge identical frames; a driving car never stands still.
            Assert.Equal(20, frames);
        }
        finally { File.Delete(path); }
    }
}
