using System.CommandLine;
using RlLab.Leaderboard.Client;
using RlLab.Leaderboard.Web;

namespace RlLab.Cli.Commands;

/// <summary>`rllab standings --race R [--server URL]`.</summary>
public static class StandingsCommand
{
    public static Command Create()
    {
        var race = new Option<string>("--race") { HelpName = "RACE", Description = "The race, e.g. driving-time-trial, driving-distance or cartpole (`/api/races` lists them)", Required = true };
        var server = new Option<string>("--server") { HelpName = "URL", Description = "The leaderboard", DefaultValueFactory = _ => LeaderboardClient.DefaultServer };
        var command = new Command("standings", "Print a leaderboard's standings") { race, server };
        Help.Examples(command, "./rllab standings --race cartpole");
        command.SetAction(parse =>
        {
            using var client = LeaderboardClient.For(parse.GetValue(server)!);
            string name = parse.GetValue(race)!;
            var races = SubmitCommand.Call(() => client.RacesAsync());
            RaceView info = races.FirstOrDefault(r => r.Name == name)
                ?? throw new UserError($"--race: no race '{TerminalText.Clean(name)}' (known: {string.Join(", ", races.Select(r => TerminalText.Clean(r.Name)))})");
            Console.Write(StandingsTable.Format(info, SubmitCommand.Call(() => client.StandingsAsync(name))));
            return 0;
        });
        return command;
    }
}
