using RlLab.Envs.Classic;

namespace RlLab.Envs.Registry;

/// <summary>
/// The environments that ship with RlLab. Add a line here to register a new one, with its EnvDoc;
/// then `./rllab envs ID > docs/envs/id.md` writes its page (a test checks that the two agree).
/// </summary>
static class BuiltIn
{
    public static EnvRegistry Create()
    {
        var r = new EnvRegistry();
        r.Register(new EnvSpec("CartPole", "Classic cart-pole balancing (Gymnasium CartPole-v1 dynamics, 500-step limit)",
            o => new CartPole(o), CartPole.MaxEpisodeSteps, CartPoleDoc.Create()));
        r.Register(new EnvSpec("Driving", Driving.DrivingEnvFactory.Description, Driving.DrivingEnvFactory.Create, Doc: Driving.DrivingDoc.Create())); // time-out inside the env: option max_steps
        r.Register(new EnvSpec(Pong.PongEnvFactory.Id, Pong.PongEnvFactory.Description, Pong.PongEnvFactory.Create, Doc: Pong.PongDoc.Create())); // time-out inside the env: option max_frames
        return r;
    }
}
