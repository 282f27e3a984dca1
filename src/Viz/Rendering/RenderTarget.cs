using Silk.NET.OpenGL;

namespace RlLab.Viz.Rendering;

/// <summary>
/// An offscreen framebuffer of a fixed size (RGBA8). Recording and benchmarks draw into it, so the
/// frame does not depend on the window (a hidden window's own pixels are not guaranteed to exist).
/// </summary>
public sealed class RenderTarget : IDisposable
{
    readonly GL _gl;
    readonly uint _fbo, _color;
    public int Width { get; }
    public int Height { get; }

    public RenderTarget(GL gl, int width, int height)
    {
        _gl = gl;
        (Width, Height) = (width, height);
        _fbo = gl.GenFramebuffer();
        _color = gl.GenRenderbuffer();
        gl.BindRenderbuffer(RenderbufferTarget.Renderbuffer, _color);
        gl.RenderbufferStorage(RenderbufferTarget.Renderbuffer, InternalFormat.Rgba8, (uint)width, (uint)height);
        gl.BindFramebuffer(FramebufferTarget.Framebuffer, _fbo);
        gl.FramebufferRenderbuffer(FramebufferTarget.Framebuffer, FramebufferAttachment.ColorAttachment0, RenderbufferTarget.Renderbuffer, _color);
        GLEnum status = gl.CheckFramebufferStatus(FramebufferTarget.Framebuffer);
        gl.BindFramebuffer(FramebufferTarget.Framebuffer, 0);
        if (status != GLEnum.FramebufferComplete) throw new InvalidOperationException($"offscreen framebuffer {width}x{height} is incomplete: {status}");
    }

    public void Bind()
    {
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, _fbo);
        _gl.Viewport(0, 0, (uint)Width, (uint)Height);
    }

    public void Unbind() => _gl.BindFramebuffer(FramebufferTarget.Framebuffer, 0);

    public void Dispose()
    {
        _gl.DeleteFramebuffer(_fbo);
        _gl.DeleteRenderbuffer(_color);
    }
}
