using System.Runtime.InteropServices;

namespace RlLab.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM for a verb that runs long (train, sweep, worker): the first asks it to stop
/// cleanly through <see cref="Token"/> (a final checkpoint, the sweep's state saved); a second one ends the
/// process at once, by the signal's default action. Nothing is left half-written either way: every file
/// goes through AtomicFile and folder locks are dropped by the kernel.
/// </summary>
public sealed class Interrupts : IDisposable
{
    readonly CancellationTokenSource cancel = new();
    readonly PosixSignalRegistration sigint, sigterm;
    readonly string? firstNote;

    /// <param name="firstNote">Said on stderr at the first signal (what stopping means here), or null.</param>
    public Interrupts(string? firstNote = null)
    {
        this.firstNote = firstNote;
        sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
    }

    public CancellationToken Token => cancel.Token;

    void Handle(PosixSignalContext context)
    {
        // Not cancelled: the default action (the process ends now) is what a second Ctrl+C asks for.
        if (cancel.IsCancellationRequested) return;
        context.Cancel = true;
        if (firstNote is not null) Console.Error.WriteLine($"{firstNote}; press Ctrl+C again to exit at once");
        cancel.Cancel();
    }

    public void Dispose()
    {
        sigint.Dispose();
        sigterm.Dispose();
        cancel.Dispose();
    }
}
