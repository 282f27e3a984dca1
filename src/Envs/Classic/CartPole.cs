using System.Runtime.CompilerServices;
using RlLab.Envs.Registry;
using RlLab.Envs.Spaces;
using RlLab.Sim;

namespace RlLab.Envs.Classic;

/// <summary>
/// The classic cart-pole (Barto, Sutton and Anderson 1983) with Gymnasium CartPole-v1's constants,
/// explicit Euler integration and termination rules. Observation: [x, x_dot, theta, theta_dot].
/// Actions: 0 pushes left, 1 pushes right. Reward +1 every step, the terminating one included.
/// The 500-step limit is applied by the TimeLimit wrapper from the registry spec.
/// The state is kept in doubles, as Gymnasium does, and rounded to float in the observation.
/// </summary>
public sealed class CartPole : IEnv<float>
{
    public const int MaxEpisodeSteps = 500;
    public const double Gravity = 9.8, MassCart = 1.0, MassPole = 0.1, Length = 0.5, ForceMag = 10.0, Tau = 0.02;
    const double TotalMass = MassCart + MassPole, PoleMassLength = MassPole * Length;
    public const double ThetaThreshold = 12 * 2 * Math.PI / 360, XThreshold = 2.4;

    Rng _rng;
    double _x, _xDot, _theta, _thetaDot;
    bool _fell;

    public CartPole(EnvOptions? options = null)
    {
        _ = options;
        _rng = new Rng(0);
        float thetaHigh = (float)(ThetaThreshold * 2);
        ObservationSpace = new Box([-4.8f, float.MinValue, -thetaHigh, float.MinValue], [4.8f, float.MaxValue, thetaHigh, float.MaxValue], [4]);
    }

    public Space ObservationSpace { get; }
    public Space ActionSpace { get; } = new Discrete(2);

    /// <summary>The physical state, for rendering and tests.</summary>
    public (double X, double XDot, double Theta, double ThetaDot) State
    {
        get => (_x, _xDot, _theta, _thetaDot);
        set => (_x, _xDot, _theta, _thetaDot) = value;
    }

    public void Reset(Span<float> observation, int? seed = null)
    {
        if (seed is int s) _rng = new Rng((ulong)s);
        _x = _rng.Uniform(-0.05, 0.05);
        _xDot = _rng.Uniform(-0.05, 0.05);
        _theta = _rng.Uniform(-0.05, 0.05);
        _thetaDot = _rng.Uniform(-0.05, 0.05);
        _fell = false;
        Write(observation);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        double force = action[0] >= 0.5f ? ForceMag : -ForceMag;
        // One SinCos call instead of two: this is most of the step's cost.
        (double sin, double cos) = Math.SinCos(_theta);
        double temp = (force + PoleMassLength * _thetaDot * _thetaDot * sin) / TotalMass;
        double thetaAcc = (Gravity * sin - cos * temp) / (Length * (4.0 / 3.0 - MassPole * cos * cos / TotalMass));
        double xAcc = temp - PoleMassLength * thetaAcc * cos / TotalMass;

        // Gymnasium's default "euler" integrator: positions use the old velocities.
        _x += Tau * _xDot;
        _xDot += Tau * xAcc;
        _theta += Tau * _thetaDot;
        _thetaDot += Tau * thetaAcc;

        _fell = _x < -XThreshold || _x > XThreshold || _theta < -ThetaThreshold || _theta > ThetaThreshold;
        Write(observation);
        return new StepResult(1f, _fell, false);
    }

    public void FillEpisodeInfo(ref EpisodeInfo info) => info.EndReason = _fell ? "pole_fell" : info.EndReason;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void Write(Span<float> o)
    {
        // Writing the last element first lets the JIT drop the other bounds checks.
        o[3] = (float)_thetaDot;
        o[2] = (float)_theta;
        o[1] = (float)_xDot;
        o[0] = (float)_x;
    }
}
