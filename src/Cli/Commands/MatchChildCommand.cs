using System.CommandLine;
using System.Text.Json;
using RlLab.Agents.Policies;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Races;

namespace RlLab.Cli.Commands;

/// <summary>
/// The hidden verb that `rllab serve` runs in a sandboxed child for a league match: both bundle paths and
/// the league's name on the command line, the league, the seed and the thinking time on stdin, the games
/// as JSON on stdout. An agent that cannot load or fails while playing forfeits (still exit 0: the result
/// names it); anything else is the server's failure (exit 1).
/// </summary>
public static class MatchChildCommand
{
    public static Command Create()
    {
        var first = new Argument<string>("first") { HelpName = "FIRST" };
        var second = new Argument<string>("second") { HelpName = "SECOND" };
        var race = new Option<string>("--race") { HelpName = "LEAGUE", Required = true };
        var command = new Command(EvaluationChild.MatchVerb, "Play a league match between two bundles (internal)") { first, second, race };
        command.Hidden = true;
        command.SetAction(parse => Run(parse.GetValue(first)!, parse.GetValue(second)!, parse.GetValue(race)!));
        return command;
    }

    static int Run(string firstPath, string secondPath, string raceName)
    {
        var input = JsonSerializer.Deserialize<MatchInput>(Console.In.ReadToEnd(), EvaluationChild.Json)
            ?? throw new UserError("stdin: no match input");
        if (input.Race.Name != raceName) throw new UserError($"--race: {raceName} is not the league on stdin");
        IHeadToHeadRace league = input.Race.League();
        using var first = Load(firstPath, first: true, out MatchOutput? firstFailed);
        if (firstFailed is not null) return Print(firstFailed);
        using var second = Load(secondPath, first: false, out MatchOutput? secondFailed);
        if (secondFailed is not null) return Print(secondFailed);
        return Print(league.Play(input.Race, first!, second!, input.Seed, TimeSpan.FromSeconds(input.ThinkSeconds)));
    }

    /// <summary>A bundle that passed the upload gate and still cannot load is its agent's failure.</summary>
    static LoadedPolicy? Load(string path, bool first, out MatchOutput? failed)
    {
        failed = null;
        try { return LoadedPolicy.Load(path); }
        catch (Exception e) when (e is RlLab.Agents.Bundles.BundleException or InvalidDataException or OutOfMemoryException)
        {
            failed = new MatchOutput([], new MatchForfeit(first, $"its bundle could not be loaded: {e.Message}"), null);
            return null;
        }
    }

    static int Print(MatchOutput output)
    {
        Console.Out.Write(JsonSerializer.Serialize(output, EvaluationChild.Json));
        return 0;
    }
}
