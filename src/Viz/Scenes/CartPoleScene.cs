using System.Numerics;
using RlLab.Envs;
using RlLab.Envs.Classic;
using RlLab.Envs.Wrappers;
using RlLab.Viz.Rendering;

namespace RlLab.Viz.Scenes;

/// <summary>The cart on its rail, the pole, and the ±12° failure limits, in metres.</summary>
public sealed class CartPoleScene(CartPole cartPole) : IScene
{
    public const float CartWidth = 0.5f, CartHeight = 0.3f, PoleWidth = 0.06f;
    public static readonly Rgba CartColor = Rgba.Hex(0x2B4C7E), PoleColor = Rgba.Hex(0xCC7A29), RailColor = Rgba.Hex(0x555555);

    public static CartPoleScene? TryCreate(IEnv env) => env.Find<CartPole>() is { } c ? new CartPoleScene(c) : null;

    public double StepSeconds => CartPole.Tau;
    public Rgba Background => Rgba.Hex(0xF2F2EC);
    public (Vector2 Min, Vector2 Max) Bounds => (new(-2.9f, -0.5f), new(2.9f, 1.6f));
    public Vector2 Focus => new((float)Pose.X, 0.5f);
    public float FollowScale(int viewportHeight) => viewportHeight / 2.4f;

    // The pose before the latest step and after it; drawing blends the first with the live state.
    (double X, double Theta) _previous, _latest;
    double _alpha = 1;

    (double X, double Theta) Pose
    {
        get
        {
            var (x, _, theta, _) = cartPole.State;
            return (_previous.X + (x - _previous.X) * _alpha, _previous.Theta + (theta - _previous.Theta) * _alpha);
        }
    }

    public void OnReset() => _previous = _latest = (cartPole.State.X, cartPole.State.Theta);

    public void OnStep()
    {
        _previous = _latest;
        _latest = (cartPole.State.X, cartPole.State.Theta);
    }

    public void Interpolate(double alpha) => _alpha = Math.Clamp(alpha, 0, 1);

    public void DrawWorld(Batch2D batch, in Camera2D camera)
    {
        var (x, theta) = Pose;
        float limit = (float)CartPole.XThreshold;
        batch.Rect(-limit - CartWidth / 2, -0.04f, 2 * limit + CartWidth, 0.04f, RailColor);
        batch.Rect(-limit - 0.02f, -0.2f, 0.04f, 0.2f, Rgba.Hex(0xB03030));
        batch.Rect(limit - 0.02f, -0.2f, 0.04f, 0.2f, Rgba.Hex(0xB03030));

        var cart = new Vector2((float)x, CartHeight / 2);
        var pivot = cart + new Vector2(0, CartHeight / 2);
        float length = (float)(2 * CartPole.Length);
        // The ±12° limits beyond which the episode ends.
        float t = (float)CartPole.ThetaThreshold;
        var faint = new Rgba(180, 60, 60, 110);
        batch.Line(pivot, pivot + new Vector2(MathF.Sin(t), MathF.Cos(t)) * length, 0.015f, faint);
        batch.Line(pivot, pivot + new Vector2(-MathF.Sin(t), MathF.Cos(t)) * length, 0.015f, faint);

        batch.Rect(cart.X - CartWidth / 2, 0, CartWidth, CartHeight, CartColor);
        batch.Disc(cart + new Vector2(-0.15f, 0), 0.05f, Rgba.Black, 12);
        batch.Disc(cart + new Vector2(0.15f, 0), 0.05f, Rgba.Black, 12);
        // Theta is measured from upright, positive leaning right (towards +x), as in Gymnasium.
        var tip = pivot + new Vector2(MathF.Sin((float)theta), MathF.Cos((float)theta)) * length;
        batch.Line(pivot, tip, PoleWidth, PoleColor);
        batch.Disc(pivot, PoleWidth * 0.8f, Rgba.Hex(0x333333), 12);
    }

    public void WriteHud(HudWriter hud)
    {
        var (x, xDot, theta, _) = cartPole.State;
        hud.Line($"x {x,7:F3} m   v {xDot,6:F2} m/s");
        hud.Line($"pole {theta * 180 / Math.PI,6:F2} deg");
    }

}
