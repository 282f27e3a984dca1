using System.Numerics;
using Silk.NET.OpenGL;

namespace RlLab.Viz.Rendering;

/// <summary>
/// The 2D renderer: one shader (colour × texture), one streamed vertex buffer. Shapes and text are
/// collected as triangles and sent in as few draw calls as the texture changes allow, usually one
/// per camera. <c>Begin(matrix)</c> → shapes → <c>Flush()</c>.
/// </summary>
public sealed class Batch2D : Geometry, IDisposable
{
    const string VertexSource = """
        #version 330 core
        layout(location = 0) in vec2 aPos;
        layout(location = 1) in vec2 aUv;
        layout(location = 2) in vec4 aColor;
        uniform mat4 uMvp;
        out vec2 vUv;
        out vec4 vColor;
        void main() {
            gl_Position = uMvp * vec4(aPos, 0.0, 1.0);
            vUv = aUv;
            vColor = aColor;
        }
        """;

    const string FragmentSource = """
        #version 330 core
        in vec2 vUv;
        in vec4 vColor;
        uniform sampler2D uTex;
        out vec4 fragColor;
        void main() { fragColor = vColor * texture(uTex, vUv); }
        """;

    readonly GL _gl;
    readonly ShaderProgram _shader;
    readonly int _mvpLocation;
    readonly uint _vao, _vbo;
    int _bufferCapacity;
    GpuTexture _texture;

    public Batch2D(GL gl, FontAtlas font) : base(font.WhiteUv, font)
    {
        _gl = gl;
        Atlas = font;
        _shader = new ShaderProgram(gl, VertexSource, FragmentSource);
        _mvpLocation = _shader.Location("uMvp");
        _shader.Use();
        _shader.SetInt(_shader.Location("uTex"), 0);
        (_vao, _vbo) = CreateVertexArray(gl);
        _texture = font.Texture;
        DrawCalls = 0;
    }

    public FontAtlas Atlas { get; }

    /// <summary>The GL the batch draws with, for scenes that upload meshes of their own.</summary>
    public GL Gl => _gl;

    /// <summary>Draw calls since the last <see cref="Begin"/>, to keep an eye on batching.</summary>
    public int DrawCalls { get; private set; }

    /// <summary>Vertices drawn since the last <see cref="ResetCounters"/> (streamed and static).</summary>
    public int VerticesDrawn { get; private set; }

    /// <summary>A VAO + VBO laid out for <see cref="Vertex2D"/>; shared with <see cref="StaticMesh"/>.</summary>
    internal static unsafe (uint Vao, uint Vbo) CreateVertexArray(GL gl)
    {
        uint vao = gl.GenVertexArray();
        uint vbo = gl.GenBuffer();
        gl.BindVertexArray(vao);
        gl.BindBuffer(BufferTargetARB.ArrayBuffer, vbo);
        gl.EnableVertexAttribArray(0);
        gl.VertexAttribPointer(0, 2, VertexAttribPointerType.Float, false, Vertex2D.SizeInBytes, (void*)0);
        gl.EnableVertexAttribArray(1);
        gl.VertexAttribPointer(1, 2, VertexAttribPointerType.Float, false, Vertex2D.SizeInBytes, (void*)8);
        gl.EnableVertexAttribArray(2);
        gl.VertexAttribPointer(2, 4, VertexAttribPointerType.UnsignedByte, true, Vertex2D.SizeInBytes, (void*)16);
        return (vao, vbo);
    }

    /// <summary>Starts drawing with a projection (world or screen); alpha blending on.</summary>
    public void Begin(in Matrix4x4 projection)
    {
        Flush();
        _gl.Enable(EnableCap.Blend);
        _gl.BlendFunc(BlendingFactor.SrcAlpha, BlendingFactor.OneMinusSrcAlpha);
        _gl.Disable(EnableCap.DepthTest);
        _gl.Disable(EnableCap.CullFace);
        _shader.Use();
        _shader.SetMatrix(_mvpLocation, projection);
        _texture = Atlas.Texture;
    }

    /// <summary>Switches texture for the shapes that follow; null returns to the atlas.</summary>
    public void SetTexture(GpuTexture? texture)
    {
        texture ??= Atlas.Texture;
        if (texture == _texture) return;
        Flush();
        _texture = texture;
    }

    /// <summary>Draws what is queued, then a static mesh, keeping the painter's order.</summary>
    public void DrawMesh(StaticMesh mesh)
    {
        SetTexture(null);
        Flush();
        _gl.ActiveTexture(TextureUnit.Texture0);
        _gl.BindTexture(TextureTarget.Texture2D, Atlas.Texture.Handle);
        mesh.Draw();
        DrawCalls++;
        VerticesDrawn += mesh.VertexCount;
    }

    /// <summary>
    /// Draws triangles that never change, built by <paramref name="build"/> the first time
    /// <paramref name="key"/> is seen and kept on the GPU. The batch owns the meshes, so they live
    /// and die with the GL context rather than with the scene that asked for them.
    /// </summary>
    public void DrawStatic(object key, Action<Geometry> build)
    {
        if (!_meshes.TryGetValue(key, out StaticMesh? mesh))
        {
            if (_meshes.Count >= MaxMeshes) ClearMeshes();
            var g = new Geometry(WhiteUv, Atlas);
            build(g);
            mesh = new StaticMesh(_gl, g.Vertices);
            _meshes[key] = mesh;
        }
        DrawMesh(mesh);
    }

    const int MaxMeshes = 32;
    readonly Dictionary<object, StaticMesh> _meshes = new(ReferenceEqualityComparer.Instance);

    void ClearMeshes()
    {
        foreach (StaticMesh m in _meshes.Values) m.Dispose();
        _meshes.Clear();
    }

    public void Flush()
    {
        if (VertexCount == 0) return;
        _gl.BindVertexArray(_vao);
        _gl.BindBuffer(BufferTargetARB.ArrayBuffer, _vbo);
        ReadOnlySpan<Vertex2D> v = Vertices;
        if (v.Length > _bufferCapacity)
        {
            _bufferCapacity = Math.Max(v.Length, _bufferCapacity * 2);
            unsafe { _gl.BufferData(BufferTargetARB.ArrayBuffer, (nuint)(_bufferCapacity * Vertex2D.SizeInBytes), null, BufferUsageARB.StreamDraw); }
        }
        _gl.BufferSubData(BufferTargetARB.ArrayBuffer, 0, v);
        _gl.ActiveTexture(TextureUnit.Texture0);
        _gl.BindTexture(TextureTarget.Texture2D, _texture.Handle);
        _gl.DrawArrays(PrimitiveType.Triangles, 0, (uint)v.Length);
        DrawCalls++;
        VerticesDrawn += v.Length;
        Clear();
    }

    public void ResetCounters() => (DrawCalls, VerticesDrawn) = (0, 0);

    public void Dispose()
    {
        ClearMeshes();
        _gl.DeleteBuffer(_vbo);
        _gl.DeleteVertexArray(_vao);
        _shader.Dispose();
    }
}
