namespace RlLab.Cli;

/// <summary>
/// A mistake of the user's (bad file, bad option, missing checkpoint): printed as one line,
/// exit code 2, no stack trace.
/// </summary>
public sealed class UserError(string message) : Exception(message);

public static class CliErrors
{
    public const int UserErrorExit = 2;

    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (UserError e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return UserErrorExit;
        }
    }
}
