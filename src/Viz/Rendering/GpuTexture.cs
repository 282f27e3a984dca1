using Silk.NET.OpenGL;

namespace RlLab.Viz.Rendering;

/// <summary>An RGBA8 texture with nearest filtering (observations and the font stay crisp when scaled up).</summary>
public sealed class GpuTexture : IDisposable
{
    readonly GL _gl;
    public uint Handle { get; }
    public int Width { get; private set; }
    public int Height { get; private set; }

    public GpuTexture(GL gl, int width, int height)
    {
        _gl = gl;
        Handle = gl.GenTexture();
        gl.BindTexture(TextureTarget.Texture2D, Handle);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMinFilter, (int)TextureMinFilter.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMagFilter, (int)TextureMagFilter.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapS, (int)TextureWrapMode.ClampToEdge);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapT, (int)TextureWrapMode.ClampToEdge);
        Allocate(width, height);
    }

    void Allocate(int width, int height)
    {
        (Width, Height) = (width, height);
        _gl.BindTexture(TextureTarget.Texture2D, Handle);
        unsafe
        {
            _gl.TexImage2D(TextureTarget.Texture2D, 0, InternalFormat.Rgba8, (uint)width, (uint)height, 0,
                PixelFormat.Rgba, PixelType.UnsignedByte, null);
        }
    }

    /// <summary>Replaces the texels with <paramref name="rgba"/> (width × height × 4 bytes, first row at v = 0).</summary>
    public void Upload(ReadOnlySpan<byte> rgba, int width, int height)
    {
        if (rgba.Length != width * height * 4) throw new ArgumentException($"expected {width * height * 4} bytes, got {rgba.Length}");
        if (width != Width || height != Height) Allocate(width, height);
        _gl.BindTexture(TextureTarget.Texture2D, Handle);
        _gl.PixelStore(PixelStoreParameter.UnpackAlignment, 1);
        _gl.TexSubImage2D<byte>(TextureTarget.Texture2D, 0, 0, 0, (uint)width, (uint)height, PixelFormat.Rgba, PixelType.UnsignedByte, rgba);
    }

    public void Dispose() => _gl.DeleteTexture(Handle);
}
