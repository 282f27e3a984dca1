using Silk.NET.OpenGL;

namespace RlLab.Viz.Rendering;

/// <summary>Triangles uploaded once and drawn every frame with one call (the track never changes).</summary>
public sealed class StaticMesh : IDisposable
{
    readonly GL _gl;
    readonly uint _vao, _vbo;
    public int VertexCount { get; }

    public StaticMesh(GL gl, ReadOnlySpan<Vertex2D> vertices)
    {
        _gl = gl;
        (_vao, _vbo) = Batch2D.CreateVertexArray(gl);
        gl.BindBuffer(BufferTargetARB.ArrayBuffer, _vbo);
        gl.BufferData(BufferTargetARB.ArrayBuffer, vertices, BufferUsageARB.StaticDraw);
        VertexCount = vertices.Length;
    }

    public void Draw()
    {
        if (VertexCount == 0) return;
        _gl.BindVertexArray(_vao);
        _gl.DrawArrays(PrimitiveType.Triangles, 0, (uint)VertexCount);
    }

    public void Dispose()
    {
        _gl.DeleteBuffer(_vbo);
        _gl.DeleteVertexArray(_vao);
    }
}
