using RlLab.Envs;
using RlLab.Sim;
using RlLab.Viz.Platform;
using RlLab.Viz.Policies;
using RlLab.Viz.Rendering;
using RlLab.Viz.Scenes;
using RlLab.Viz.Viewer;

namespace RlLab.Viz.Recording;

/// <summary>
/// Renders whole episodes offscreen (a hidden window and a framebuffer of the requested size) and
/// pipes them to ffmpeg as an MP4 or a GIF. This is the entry point for `rllab record` and for a
/// trainer that films an evaluation episode every K updates. It needs a display: under a headless
/// machine run inside `xvfb-run -a`; otherwise it throws <see cref="ViewerException"/>.
/// </summary>
public static class EpisodeRecorder
{
    /// <summary>Runs <paramref name="policy"/> on <paramref name="env"/> (episode k reset with seed + k) and films it.</summary>
    public static RecordResult Record<TObs>(IEnv<TObs> env, ActionChooser<TObs> policy, string path, RecordOptions options, int? seed = null)
        where TObs : unmanaged
    {
        // The runner would dispose the env; the caller owns it here.
        var runner = new EpisodeRunner<TObs>(new NonOwning<TObs>(env), policy, seed);
        return Record(runner, path, options);
    }

    /// <summary>Films into a temporary file beside <paramref name="path"/>, renamed over it only when ffmpeg succeeded (a full disk leaves no partial video).</summary>
    public static RecordResult Record(IEpisodeRunner runner, string path, RecordOptions options)
    {
        RecordResult? result = null;
        AtomicFile.WriteVia(path, file => result = Film(runner, path, file, options));
        return result!;
    }

    static RecordResult Film(IEpisodeRunner runner, string path, string file, RecordOptions options)
    {
        IScene scene = SceneFactory.Create(runner.Env);
        using var window = GlfwWindow.Create(new WindowOptions(64, 64, "RlLab record", Visible: false, VSync: false, Resizable: false));
        using var renderer = new FrameRenderer(window.Gl);
        using var target = new RenderTarget(window.Gl, options.Width, options.Height);
        double fps = options.Fps ?? Math.Round(1 / scene.StepSeconds, 3);
        using var video = new VideoEncoder(file, options.Width, options.Height, fps, shownAs: path);
        var frame = new byte[options.Width * options.Height * 4];
        var episodes = new List<EpisodeInfo>();
        target.Bind();

        for (int e = 0; e < options.Episodes; e++)
        {
            runner.Reset();
            scene.OnReset();
            Film();
            for (int step = 0; step < options.MaxSteps && !runner.Done; step++)
            {
                runner.Step();
                scene.OnStep();
                Film();
            }
            episodes.Add(runner.Done ? runner.LastEpisode : Unfinished(runner));
        }
        target.Unbind();
        video.Close();
        return new RecordResult(path, video.Frames, options.Width, options.Height, fps, episodes);

        void Film()
        {
            var status = new FrameStatus(options.Camera, 1, 1, false, fps, options.Title, null, options.Hud, options.Inset);
            renderer.Render(scene, runner, status, options.Width, options.Height);
            FrameCapture.ReadRgbaBottomUp(window.Gl, options.Width, options.Height, frame);
            video.Write(frame);
        }
    }

    static EpisodeInfo Unfinished(IEpisodeRunner runner)
    {
        EpisodeInfo info = EpisodeInfo.Empty;
        info.Return = runner.Return;
        info.Length = runner.Steps;
        info.EndReason = "max_steps";
        return info;
    }

    /// <summary>Lends an env to a runner without handing over its disposal.</summary>
    sealed class NonOwning<TObs>(IEnv<TObs> inner) : RlLab.Envs.Wrappers.Wrapper<TObs>(inner) where TObs : unmanaged
    {
        public override void Dispose() { }
    }
}
