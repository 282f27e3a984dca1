using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RlLab.Agents.Matches;
using RlLab.Agents.Policies;

namespace RlLab.Cli.Commands;

/// <summary>`rllab match A B [--games N] [--seed S] [--points N] [--json]`: two Pong agents play each other; prints each game and the score.</summary>
public static class MatchCommand
{
    public static Command Create()
    {
        var first = new Argument<string>("first") { HelpName = "A", Description = "A Pong run, checkpoint or agent bundle" };
        var second = new Argument<string>("second") { HelpName = "B", Description = "Its opponent: a Pong run, checkpoint or agent bundle" };
        var games = new Option<int>("--games") { HelpName = "N", Description = "Games to play, in pairs on one seed with the sides swapped (default 2)", DefaultValueFactory = _ => 2 };
        var seed = new Option<int>("--seed") { HelpName = "SEED", Description = "Seed of the first pair of games; pair k uses SEED + k (default 0)" };
        var points = new Option<int?>("--points") { HelpName = "N", Description = "Points that win a game (default: the game's 21)" };
        var json = new Option<bool>("--json") { Description = "Print the games and totals as JSON" };
        var command = new Command("match", "Two Pong agents play each other (deterministic; sides swapped each game); prints the score")
        {
            first, second, games, seed, points, json,
        };
        Help.Examples(command, "./rllab match runs/pong-a runs/pong-b --games 10", "./rllab match runs/pong-a runs/pong-b --points 5 --json");
        command.SetAction(parse => Run(parse.GetValue(first)!, parse.GetValue(second)!, parse.GetValue(games), parse.GetValue(seed), parse.GetValue(points), parse.GetValue(json)));
        return command;
    }

    static int Run(string a, string b, int games, int seed, int? points, bool json)
    {
        if (games is < 1 or > 10_000) throw new UserError($"--games: {games} must be 1 to 10000");
        if (points is < 1 or > 99) throw new UserError($"--points: {points} must be 1 to 99");
        if (seed < 0 || (long)seed + (games - 1) / 2 > int.MaxValue) throw new UserError($"--seed {seed} --games {games}: the seeds would leave 0..2147483647");
        foreach (string p in new[] { a, b })
            if (!File.Exists(p) && !Directory.Exists(p)) throw new UserError($"{p}: no such run, checkpoint or bundle");
        var world = points is int n ? new Dictionary<string, object?> { ["points_to_win"] = n.ToString(CultureInfo.InvariantCulture) } : null;
        using LoadedPolicy first = LoadedPolicy.Load(a);
        using LoadedPolicy second = LoadedPolicy.Load(b);
        PongMatchResult result = PongMatch.Play(first, second, games, seed, world, json ? null : g =>
            Console.WriteLine($"game seed {g.Seed,-6} A {(g.FirstOnRight ? "right" : "left "),-5} {g.FirstPoints,2} : {g.SecondPoints,-2} B   ({g.Steps} steps)"));
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                first = a, second = b,
                first_wins = result.FirstWins, second_wins = result.SecondWins,
                first_points = result.FirstPoints, second_points = result.SecondPoints,
                games = result.Games.Select(g => new { seed = g.Seed, first_on_right = g.FirstOnRight, first_points = g.FirstPoints, second_points = g.SecondPoints, steps = g.Steps }),
            }, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        Console.WriteLine($"A {a}: {result.FirstWins} won, {result.FirstPoints} points");
        Console.WriteLine($"B {b}: {result.SecondWins} won, {result.SecondPoints} points");
        return 0;
    }
}
