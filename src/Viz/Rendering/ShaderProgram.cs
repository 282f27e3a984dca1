using System.Numerics;
using Silk.NET.OpenGL;

namespace RlLab.Viz.Rendering;

/// <summary>A linked vertex + fragment shader. Compile and link errors throw with GL's log.</summary>
public sealed class ShaderProgram : IDisposable
{
    readonly GL _gl;
    public uint Handle { get; }

    public ShaderProgram(GL gl, string vertexSource, string fragmentSource)
    {
        _gl = gl;
        uint vs = Compile(ShaderType.VertexShader, vertexSource);
        uint fs = Compile(ShaderType.FragmentShader, fragmentSource);
        Handle = gl.CreateProgram();
        gl.AttachShader(Handle, vs);
        gl.AttachShader(Handle, fs);
        gl.LinkProgram(Handle);
        gl.GetProgram(Handle, ProgramPropertyARB.LinkStatus, out int ok);
        gl.DetachShader(Handle, vs);
        gl.DetachShader(Handle, fs);
        gl.DeleteShader(vs);
        gl.DeleteShader(fs);
        if (ok == 0) throw new InvalidOperationException($"shader link failed: {gl.GetProgramInfoLog(Handle)}");
    }

    uint Compile(ShaderType type, string source)
    {
        uint s = _gl.CreateShader(type);
        _gl.ShaderSource(s, source);
        _gl.CompileShader(s);
        _gl.GetShader(s, ShaderParameterName.CompileStatus, out int ok);
        if (ok == 0) throw new InvalidOperationException($"{type} compile failed: {_gl.GetShaderInfoLog(s)}");
        return s;
    }

    public void Use() => _gl.UseProgram(Handle);

    public int Location(string name) => _gl.GetUniformLocation(Handle, name);

    public unsafe void SetMatrix(int location, in Matrix4x4 m)
    {
        // System.Numerics stores row vectors; GL's column-major read of that memory is exactly M for `M * v`.
        fixed (Matrix4x4* p = &m) _gl.UniformMatrix4(location, 1, false, (float*)p);
    }

    public void SetInt(int location, int value) => _gl.Uniform1(location, value);

    public void Dispose() => _gl.DeleteProgram(Handle);
}
