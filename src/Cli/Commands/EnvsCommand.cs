using System.CommandLine;
using RlLab.Envs;
using RlLab.Envs.Registry;

namespace RlLab.Cli.Commands;

/// <summary>`rllab envs`: lists the registered environments.</summary>
public static class EnvsCommand
{
    public static Command Create()
    {
        var command = new Command("envs", "List the registered environments");
        command.SetAction(_ =>
        {
            foreach (EnvSpec spec in EnvRegistry.Default.Specs)
            {
                using IEnv env = EnvRegistry.Default.Make(spec.Id);
                Console.WriteLine($"{spec.Id,-12} obs {Describe(env.ObservationSpace)}  act {Describe(env.ActionSpace)}  {spec.Description}");
            }
            return 0;
        });
        return command;
    }

    static string Describe(RlLab.Envs.Spaces.Space s) => s switch
    {
        RlLab.Envs.Spaces.Discrete d => $"Discrete({d.N})",
        RlLab.Envs.Spaces.Box b => $"Box({string.Join("x", b.Shape)},{(b.DType == RlLab.Envs.Spaces.DType.UInt8 ? "u8" : "f32")})",
        _ => s.ToString(),
    };
}
