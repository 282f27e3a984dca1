using System.CommandLine;
using RlLab.Leaderboard.Client;

namespace RlLab.Cli.Commands;

/// <summary>`rllab standings --race R [--server URL]`.</summary>
public static class StandingsCommand
{
    public static Command Create()
    {
        var race = new Option<string>("--race") { HelpName = "RACE", Description = "driving-time-trial or cartpole", Required = true };
        var server = new Option<string>("--server") { HelpName = "URL", Description = "The leaderboard", DefaultValueFactory = _ => LeaderboardClient.DefaultServer };
        var command = new Command("standings", "Print a leaderboard's standings") { race, server };
        Help.Examples(command, "./rllab standings --race cartpole");
        command.SetAction(parse =>
        {
            using var client = LeaderboardClient.For(parse.GetValue(server)!);
            var rows = SubmitCommand.Call(() => client.StandingsAsync(parse.GetValue(race)!));
            Console.WriteLine($"{"#",3}  {"user",-20} {"agent",-24} {"score",9} {"laps",5} {"lap (s)",8} {"MIT (m)",8}  date");
            foreach (var r in rows)
                Console.WriteLine($"{r.Rank,3}  {Clip(TerminalText.Clean(r.User), 20),-20} {Clip(TerminalText.Clean(r.Agent), 24),-24} {r.Score,9:F4} {Num(r.MeanLaps, "F2"),5} {Num(r.MeanLapTime, "F2"),8} {Num(r.MaxDistance, "F1"),8}  {r.Date.UtcDateTime:yyyy-MM-dd HH:mm}");
            if (rows.Count == 0) Console.WriteLine("(no scored submissions yet)");
            return 0;
        });
        return command;
    }

    static string Clip(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";

    static string Num(double? v, string f) => v is double d ? d.ToString(f, System.Globalization.CultureInfo.InvariantCulture) : "-";
}
