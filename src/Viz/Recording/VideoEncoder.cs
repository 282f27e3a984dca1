using System.Diagnostics;
using System.Globalization;
using RlLab.Viz.Platform;

namespace RlLab.Viz.Recording;

/// <summary>
/// Streams raw RGBA frames, bottom row first as glReadPixels gives them, into an ffmpeg process that
/// writes an MP4 (H.264, yuv420p, plays everywhere) or a GIF (with a palette made from the video).
/// The format follows the file's extension.
/// </summary>
public sealed class VideoEncoder : IDisposable
{
    readonly Process _process;
    readonly Stream _stdin;
    readonly Task<string> _stderr;
    bool _closed;

    public string Path { get; }
    public int Width { get; }
    public int Height { get; }
    public int Frames { get; private set; }

    readonly string _file;

    /// <param name="shownAs">The name errors give the file (the final name when <paramref name="path"/> is a temporary file).</param>
    public VideoEncoder(string path, int width, int height, double fps, string? shownAs = null)
    {
        string ext = System.IO.Path.GetExtension(path).ToLowerInvariant();
        if (ext is not (".mp4" or ".gif")) throw new ArgumentException($"{path}: the video must end in .mp4 or .gif");
        // H.264 in yuv420p needs even sizes.
        if (ext == ".mp4" && (width % 2 != 0 || height % 2 != 0)) throw new ArgumentException($"an MP4 needs an even width and height, got {width}x{height}");
        (Path, Width, Height, _file) = (shownAs ?? path, width, height, path);
        string? dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);

        string rate = fps.ToString("0.###", CultureInfo.InvariantCulture);
        var args = new List<string> { "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgba", "-s", $"{width}x{height}", "-framerate", rate, "-i", "-" };
        if (ext == ".mp4")
            args.AddRange(["-vf", "vflip", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-movflags", "+faststart"]);
        else
            // One palette for the whole clip keeps the file small and the colours steady.
            args.AddRange(["-vf", "vflip,split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer:bayer_scale=4", "-loop", "0"]);
        args.Add(path);

        var info = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string a in args) info.ArgumentList.Add(a);
        try
        {
            _process = Process.Start(info) ?? throw new ViewerException("ffmpeg did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ViewerException("ffmpeg was not found: install it (`apt-get install ffmpeg`) to record videos", e);
        }
        _stdin = _process.StandardInput.BaseStream;
        // Drain both pipes so ffmpeg never blocks on a full one.
        _stderr = _process.StandardError.ReadToEndAsync();
        _ = _process.StandardOutput.ReadToEndAsync();
    }

    /// <summary>Appends one frame: Width × Height × 4 bytes, bottom row first.</summary>
    public void Write(ReadOnlySpan<byte> rgbaBottomUp)
    {
        if (rgbaBottomUp.Length != Width * Height * 4) throw new ArgumentException($"a frame is {Width * Height * 4} bytes, got {rgbaBottomUp.Length}");
        try
        {
            _stdin.Write(rgbaBottomUp);
        }
        catch (IOException e)
        {
            throw new ViewerException($"ffmpeg stopped while writing {Path}: {Error()}", e);
        }
        Frames++;
    }

    /// <summary>Finishes the file; throws when ffmpeg failed.</summary>
    public void Close()
    {
        if (_closed) return;
        _closed = true;
        try { _stdin.Close(); } catch (IOException) { }
        _process.WaitForExit();
        if (_process.ExitCode != 0) throw new ViewerException($"ffmpeg failed on {Path} (exit {_process.ExitCode}): {Error()}");
    }

    string Error()
    {
        _process.WaitForExit(5000);
        // The exit can be seen before the reader has drained ffmpeg's stderr (its reason went missing under load).
        try { _stderr.Wait(TimeSpan.FromSeconds(5)); }
        catch (AggregateException) { }
        string e = _stderr.IsCompletedSuccessfully ? _stderr.Result.Trim() : "";
        return e.Length == 0 ? "no message" : e.ReplaceLineEndings(" ").Replace(_file, Path, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (!_closed)
        {
            _closed = true;
            try { _stdin.Close(); } catch (IOException) { }
            if (!_process.WaitForExit(10_000)) _process.Kill();
        }
        _process.Dispose();
    }
}
