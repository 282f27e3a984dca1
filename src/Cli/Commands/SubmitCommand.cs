using System.CommandLine;
using RlLab.Leaderboard.Client;
using RlLab.Leaderboard.Web;

namespace RlLab.Cli.Commands;

/// <summary>`rllab submit agent.safetensors --race R [--server URL] [--wait]`.</summary>
public static class SubmitCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("bundle") { HelpName = "BUNDLE", Description = "The agent bundle (.safetensors)" };
        var race = new Option<string>("--race") { HelpName = "RACE", Description = RlLab.Leaderboard.Races.RaceCatalog.KindsText, Required = true };
        var server = new Option<string>("--server") { HelpName = "URL", Description = "The leaderboard", DefaultValueFactory = _ => LeaderboardClient.DefaultServer };
        var wait = new Option<bool>("--wait") { Description = "Follow the status until the score arrives" };
        var command = new Command("submit", "Submit an agent to a leaderboard (token: RLLAB_TOKEN or ~/.config/rllab/credentials)") { file, race, server, wait };
        Help.Examples(command, "./rllab submit agents/driving-state-ppo.safetensors --race driving-time-trial --wait");
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(race)!, parse.GetValue(server)!, parse.GetValue(wait)));
        return command;
    }

    static int Run(string file, string race, string server, bool wait)
    {
        if (!File.Exists(file)) throw new UserError($"{file}: no such file");
        HttpUrls.Parse("--server", server);
        using var client = LeaderboardClient.For(server, Credentials.Find());
        SubmitResponse r = Call(() => client.SubmitAsync(file, race));
        string url = new Uri(client.BaseAddress, r.Url).ToString();
        // Everything the server sends is cleaned of control characters before it reaches the terminal.
        Console.WriteLine($"submission {r.Id}{(r.Existing ? " (these bytes were submitted already)" : "")}: {TerminalText.Clean(r.Status)}  {TerminalText.Clean(url)}");
        if (r.Reason is not null) Console.WriteLine($"{(r.Status == "failed" ? "reason" : "note")}: {TerminalText.Clean(r.Reason)}");
        Console.WriteLine($"quota left (24 h): {r.Quota.ScoredLeft} scored, {r.Quota.FailedLeft} failed, {r.Quota.InFlightLeft} in flight" +
            (r.Quota.NextSlotAt is DateTimeOffset t ? $"; next slot {t.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : ""));
        if (!wait || r.Status is "failed") return r.Status == "failed" ? 1 : 0;
        string last = "";
        while (true)
        {
            SubmissionView s = Call(() => client.SubmissionAsync(r.Id));
            if (s.Status != last) { Console.WriteLine($"status: {TerminalText.Clean(s.Status)}"); last = s.Status; }
            if (s.Status == "scored")
            {
                Console.WriteLine($"score {s.Score:0.####}" + string.Concat(s.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal)
                    .Select(m => $", {TerminalText.Clean(m.Key)} {m.Value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}")));
                return 0;
            }
            if (s.Status is "failed" or "error" or "disqualified") { Console.WriteLine($"{s.Status}: {TerminalText.Clean(s.Reason)}"); return 1; }
            Thread.Sleep(1000);
        }
    }

    internal static T Call<T>(Func<Task<T>> call)
    {
        try { return call().GetAwaiter().GetResult(); }
        catch (HttpRequestException e) when (e.InnerException is IOException)
        {
            // .NET's "Error while copying content to a stream": the server hung up while the bundle was sent.
            throw new UserError("server: it closed the connection while the bundle was being sent (over its upload size cap, or it stopped)");
        }
        catch (HttpRequestException e) { throw new UserError($"server: {e.Message}"); }
        catch (InvalidDataException e) { throw new UserError(TerminalText.Clean(e.Message)); }
    }
}
