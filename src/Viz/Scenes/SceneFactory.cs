using RlLab.Envs;
using RlLab.Viz.Platform;

namespace RlLab.Viz.Scenes;

/// <summary>Picks the scene that can draw an env, looking through its wrappers.</summary>
public static class SceneFactory
{
    public static IScene Create(IEnv env) =>
        (IScene?)CartPoleScene.TryCreate(env)
        ?? (IScene?)DrivingScene.TryCreate(env)
        ?? PongScene.TryCreate(env)
        ?? throw new ViewerException($"the viewer cannot draw this env ({Describe(env)}): it knows CartPole, Driving and Pong");

    static string Describe(IEnv env)
    {
        IEnv e = env;
        while (e is RlLab.Envs.Wrappers.IWrapper w) e = w.InnerEnv;
        return e.GetType().Name;
    }
}
