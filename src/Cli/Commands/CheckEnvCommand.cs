using System.CommandLine;
using RlLab.Envs;
using RlLab.Envs.Checking;
using RlLab.Envs.Registry;

namespace RlLab.Cli.Commands;

/// <summary>`rllab check-env ID`: runs <see cref="EnvChecker"/> on a registered env (built as training builds it).</summary>
public static class CheckEnvCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { HelpName = "ID", Description = "The env id, e.g. CartPole (see ./rllab envs)" };
        var set = new Option<string[]>("--set") { Description = "An env option KEY=VALUE, e.g. --set observation=camera or --set randomize.colors=true (repeatable)", HelpName = "KEY=VALUE" };
        var steps = new Option<int>("--steps") { Description = "Random-action steps per check", DefaultValueFactory = _ => 300, HelpName = "N" };
        var assembly = EnvAssemblyOption.Create();
        var command = new Command("check-env", "Check an env against the Env API contract: spaces, reset and step, determinism from a seed, autoreset, no allocation per step. Exit 0 when every check passes, 1 when one fails (docs/custom-env.md)")
        {
            id, set, steps, assembly,
        };
        Help.Examples(command, "./rllab check-env CartPole", "./rllab check-env Driving --set observation=camera", "./rllab check-env --assembly MyEnvs.dll MyEnv");
        command.SetAction(parse =>
        {
            EnvAssemblyOption.Load(parse.GetValue(assembly));
            string envId = parse.GetValue(id)!;
            int n = parse.GetValue(steps);
            if (n < 1) throw new UserError($"--steps: {n} must be at least 1");
            var stack = new EnvStack(envId, ParseOptions(parse.GetValue(set)));
            // Build one first, so that an unknown id or a bad option is a one-line user error, not a failed check.
            try { stack.Make().Dispose(); }
            catch (KeyNotFoundException e) { throw new UserError(e.Message.Trim('\'')); }
            EnvCheckReport report = new EnvChecker(stack.Make) { Steps = n }.Run(envId);
            foreach (EnvCheckResult r in report.Results)
            {
                string mark = r.Status switch { EnvCheckStatus.Passed => "ok  ", EnvCheckStatus.Failed => "FAIL", _ => "skip" };
                Console.WriteLine($"{mark} {r.Check,-24} {r.Detail}");
            }
            Console.WriteLine(report.Passed ? $"{envId}: every check passed" : $"{envId}: {report.Failures.Count()} check(s) failed");
            return report.Passed ? 0 : 1;
        });
        return command;
    }

    /// <summary>KEY=VALUE pairs into env options; a dotted key (randomize.colors) goes into a nested section.</summary>
    public static EnvOptions ParseOptions(IEnumerable<string>? assignments)
    {
        var options = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (string kv in assignments ?? [])
        {
            int eq = kv.IndexOf('=');
            if (eq <= 0) throw new UserError($"--set: expected KEY=VALUE, got '{kv}'");
            string key = kv[..eq], value = kv[(eq + 1)..];
            int dot = key.IndexOf('.');
            if (dot < 0) { options[key] = value; continue; }
            string section = key[..dot];
            if (!options.TryGetValue(section, out object? existing) || existing is not Dictionary<string, object?> nested)
                options[section] = nested = new Dictionary<string, object?>(StringComparer.Ordinal);
            nested[key[(dot + 1)..]] = value;
        }
        return new EnvOptions(options);
    }
}
