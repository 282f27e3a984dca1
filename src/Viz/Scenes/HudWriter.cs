using System.Runtime.CompilerServices;
using RlLab.Viz.Rendering;

namespace RlLab.Viz.Scenes;

/// <summary>Writes HUD lines, one under another, in screen pixels; formatting allocates nothing.</summary>
public sealed class HudWriter(Batch2D batch) : ITextSink
{
    public float X { get; set; }
    public float Y { get; set; }
    public float Scale { get; set; } = 2;
    public Rgba Color { get; set; } = Rgba.White;
    public float LineHeight => FontAtlas.LineHeight * Scale;
    /// <summary>The widest line so far, to size the panel behind the text.</summary>
    public float MaxWidth { get; private set; }
    public int Lines { get; private set; }

    public void Begin(float x, float y)
    {
        (X, Y, MaxWidth, Lines) = (x, y, 0, 0);
    }

    public void Line([InterpolatedStringHandlerArgument("")] ref Geometry.TextHandler text) => Line(text.Written);

    public void Line(ReadOnlySpan<char> text)
    {
        float end = batch.Text(text, X, Y, Scale, Color);
        MaxWidth = Math.Max(MaxWidth, end - X);
        Y += LineHeight;
        Lines++;
    }

    public Batch2D Batch => batch;

    /// <summary>Lines are formatted into the batch's buffer.</summary>
    char[] ITextSink.TextBuffer => ((ITextSink)batch).TextBuffer;
}
