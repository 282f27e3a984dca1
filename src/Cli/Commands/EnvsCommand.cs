using System.CommandLine;
using RlLab.Envs;
using RlLab.Envs.Registry;

namespace RlLab.Cli.Commands;

/// <summary>`rllab envs [ID]`: lists the registered environments, or prints one env's reference page.</summary>
public static class EnvsCommand
{
    public static Command Create()
    {
        var id = new Argument<string?>("ID") { HelpName = "ID", Description = "An env id: print its reference page (Markdown, as docs/envs/ID.md)", Arity = ArgumentArity.ZeroOrOne };
        var assembly = EnvAssemblyOption.Create();
        var command = new Command("envs", "List the registered environments, or print one env's page (docs/envs/ has them all)")
        {
            id, assembly,
        };
        Help.Examples(command, "./rllab envs", "./rllab envs Driving", "./rllab envs --assembly MyEnvs/bin/Release/net10.0/MyEnvs.dll");
        command.SetAction(parse =>
        {
            EnvAssemblyOption.Load(parse.GetValue(assembly));
            EnvRegistry registry = EnvRegistry.Default;
            string? one = parse.GetValue(id);
            if (one is not null)
            {
                if (!registry.TryGet(one, out EnvSpec spec))
                    throw new UserError($"unknown env '{one}'; known: {string.Join(", ", registry.Specs.Select(s => s.Id))}");
                Console.Write(EnvPage.Render(spec, registry));
                return 0;
            }
            foreach (EnvSpec spec in registry.Specs)
            {
                using IEnv env = registry.Make(spec.Id);
                Console.WriteLine($"{spec.Id,-12} obs {EnvPage.Name(env.ObservationSpace)}  act {EnvPage.Name(env.ActionSpace)}  {spec.Description}");
                if (spec.Doc is { Options.Count: > 0 } doc)
                    Console.WriteLine($"{"",-12} options: {string.Join(", ", doc.Options.Select(o => o.Name))}");
            }
            Console.WriteLine("`./rllab envs ID` prints an env's page: spaces, rewards, episode end, options with defaults and ranges.");
            return 0;
        });
        return command;
    }
}
