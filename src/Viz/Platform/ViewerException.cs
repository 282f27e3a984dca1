namespace RlLab.Viz.Platform;

/// <summary>
/// A problem with the machine rather than the code (no display, no libglfw3, no ffmpeg). Its message is
/// one line that says how to fix it; the CLI prints it without a stack trace.
/// </summary>
public sealed class ViewerException(string message, Exception? inner = null) : Exception(message, inner);
