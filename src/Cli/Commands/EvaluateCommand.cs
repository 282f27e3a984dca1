using System.CommandLine;
using System.Text.Json;
using RlLab.Agents.Policies;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Races;

namespace RlLab.Cli.Commands;

/// <summary>
/// The hidden verb that `rllab serve` runs in a sandboxed child: the bundle path and race name on
/// the command line, the race and its seeds on stdin, the episodes as JSON on stdout.
/// </summary>
public static class EvaluateCommand
{
    public const string Name = EvaluationChild.EvaluateVerb;

    public static Command Create()
    {
        var bundle = new Argument<string>("bundle") { HelpName = "BUNDLE" };
        var race = new Option<string>("--race") { HelpName = "RACE", Required = true };
        var command = new Command(Name, "Evaluate a bundle for the leaderboard (internal)") { bundle, race };
        command.Hidden = true;
        command.SetAction(parse => Run(parse.GetValue(bundle)!, parse.GetValue(race)!));
        return command;
    }

    static int Run(string bundle, string raceName)
    {
        var input = JsonSerializer.Deserialize<EvaluationInput>(Console.In.ReadToEnd(), EvaluationChild.Json)
            ?? throw new UserError("stdin: no evaluation input");
        if (input.Race.Name != raceName) throw new UserError($"--race: {raceName} is not the race on stdin");
        try
        {
            using var policy = LoadedPolicy.Load(bundle);
            var output = RaceRunner.Run(policy, input.Race, input.Race.PracticeSeeds, input.Hidden);
            Console.Out.Write(JsonSerializer.Serialize(output, EvaluationChild.Json));
            return 0;
        }
        catch (RlLab.Agents.Evaluation.PolicyFailedException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return EvaluationChild.AgentErrorExit;
        }
        catch (OutOfMemoryException)
        {
            Console.Error.WriteLine("error: out of memory");
            return EvaluationChild.OutOfMemoryExit;
        }
    }
}
