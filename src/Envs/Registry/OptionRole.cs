namespace RlLab.Envs.Registry;

/// <summary>
/// Whose choice an env option is. The agent's <see cref="Interface"/> is what its policy was trained to
/// read and write (observation mode, image size, action mode); the <see cref="World"/> is everything
/// else (physics, speed, dt, tracks, the crash rule, the opponent, the episode cap). A leaderboard race
/// keeps a bundle's interface and sets the whole world itself. Undeclared options count as world.
/// </summary>
public enum OptionRole
{
    World,
    Interface,
}
