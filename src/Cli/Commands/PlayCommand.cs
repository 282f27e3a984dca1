using System.CommandLine;
using RlLab.Agents.Config;
using RlLab.Envs;
using RlLab.Envs.Pong;
using RlLab.Envs.Wrappers;
using RlLab.Sim.Pong;
using RlLab.Viz.Input;
using RlLab.Viz.Scenes;
using RlLab.Viz.Viewer;

namespace RlLab.Cli.Commands;

/// <summary>
/// `rllab play pong [--agent RUN [--agent RUN]]`: a person plays Pong on the arrow keys (or W/S). Alone,
/// they hold the right paddle against the built-in opponent; with one <c>--agent</c> a trained agent
/// holds the right paddle and the person the left one, in place of the built-in opponent; with two,
/// the agents play each other (the first on the right), as in <c>rllab match</c>.
/// </summary>
public static class PlayCommand
{
    public static Command Create()
    {
        var game = new Argument<string>("game") { HelpName = "GAME", Description = "The game to play: pong" };
        var agent = new Option<string[]>("--agent")
        {
            HelpName = "RUN",
            Description = "A Pong run, checkpoint or bundle to play against (default: the built-in opponent); twice: two agents play each other, the first on the right",
        };
        var size = WatchCommand.SizeOption("640x840", "Window size in pixels");
        var seed = Selectors.Seed();
        var frames = WatchCommand.FramesOption();
        var screenshot = WatchCommand.ScreenshotOption();
        var command = new Command("play", "Play a game yourself: pong (Up/Down or W/S move your paddle, Space pause, R restart, Esc quit)")
        {
            game, agent, size, seed, frames, screenshot,
        };
        Help.Examples(command, "./rllab play pong", "./rllab play pong --agent runs/pong-ppo --seed 3",
            "./rllab play pong --agent runs/pong-a --agent runs/pong-b");
        command.SetAction(parse => WatchCommand.Guard(() =>
        {
            string name = parse.GetValue(game)!;
            if (!name.Equals("pong", StringComparison.OrdinalIgnoreCase)) throw new UserError($"play: '{name}' is not a game here; known: pong");
            var (w, h) = WatchCommand.ParseSize(parse.GetValue(size)!, "--size");
            string[] agents = parse.GetValue(agent) ?? [];
            if (agents.Length > 2) throw new UserError($"--agent: given {agents.Length} times; one plays you, two play each other");
            string? agentPath = agents.Length == 1 ? agents[0] : null;
            bool up = false, down = false;
            PongAction Keys() => up && !down ? PongAction.Right : down && !up ? PongAction.Left : PongAction.Noop;

            PolicySession? session = null;
            IEpisodeRunner runner;
            string title;
            if (agents.Length == 2)
            {
                session = PolicySession.OpenMatch(agents[0], agents[1], parse.GetValue(seed));
                runner = session.Runner;
                title = $"rllab play pong: {session.Title}";
            }
            else if (agentPath is null)
            {
                var options = new Dictionary<string, object?> { ["observation"] = "state", ["sticky_actions"] = "0" };
                IEnv env = EnvFactory.Make(new EnvConfig("Pong", 1, 1, options, []), 0);
                runner = new EpisodeRunner<float>((IEnv<float>)env, (_, action) => action[0] = (float)Keys(), parse.GetValue(seed) ?? 0);
                title = "rllab play pong: you (right, green) against the built-in opponent";
            }
            else
            {
                session = PolicySession.Open(agentPath, "checkpoint", null, false, parse.GetValue(seed));
                runner = session.Runner;
                title = $"rllab play pong: you (left, orange) against {session.Title}";
            }
            try
            {
                IPongEnv pong = runner.Env.Find<IPongEnv>() ?? throw new UserError($"{agentPath}: this run does not play Pong");
                IScene scene = SceneFactory.Create(runner.Env);
                var viewer = new ViewerOptions
                {
                    Title = title,
                    Width = w,
                    Height = h,
                    Camera = CameraMode.Overview,
                    Bindings = KeyBindings.Drive,
                    Inset = false,
                    Help = "Up/Down or W/S move  Space pause  R restart  Esc quit",
                    MaxFrames = parse.GetValue(frames),
                    ScreenshotOnExit = parse.GetValue(screenshot),
                };
                var summary = ViewerApp.Run(runner, scene, viewer, frame =>
                {
                    up = frame.Window.IsKeyDown(Key.Up) || frame.Window.IsKeyDown(Key.W);
                    down = frame.Window.IsKeyDown(Key.Down) || frame.Window.IsKeyDown(Key.S);
                    if (agentPath is not null) pong.Game.OpponentControl = Keys();
                });
                WatchCommand.PrintSummary(summary);
                return 0;
            }
            finally
            {
                if (session is not null) session.Dispose();
                else runner.Dispose();
            }
        }));
        return command;
    }
}
