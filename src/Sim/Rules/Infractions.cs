namespace RlLab.Sim.Rules;

/// <summary>
/// The infractions of one episode, each counted when it starts (a car that stays off the road
/// counts once): collisions with another car and with a static obstacle, leaving the road
/// (|offset| past the road's half width) and driving against the lane direction (|heading error| &gt; π/2).
/// Only events before the route (one lap) is complete count.
/// </summary>
public sealed class Infractions
{
    bool _offroad, _wrongWay;

    public int CollisionsVehicle { get; private set; }
    public int CollisionsStatic { get; private set; }
    public int Offroad { get; private set; }
    public int WrongWay { get; private set; }

    public void Reset()
    {
        CollisionsVehicle = CollisionsStatic = Offroad = WrongWay = 0;
        _offroad = _wrongWay = false;
    }

    /// <summary>Feeds the state after a step.</summary>
    /// <param name="collision">The collision of this step, if any (the episode ends on one).</param>
    /// <param name="counts">False once the route is complete: as in CARLA, where the route ends there, later events are not infractions.</param>
    public void Update(double offset, double halfWidth, double headingError, CrashCause collision, bool counts = true)
    {
        bool off = Math.Abs(offset) > halfWidth, wrong = Math.Abs(headingError) > Math.PI / 2;
        if (counts)
        {
            if (off && !_offroad) Offroad++;
            if (wrong && !_wrongWay) WrongWay++;
            if (collision == CrashCause.CollisionVehicle) CollisionsVehicle++;
            else if (collision == CrashCause.CollisionStatic) CollisionsStatic++;
        }
        _offroad = off;
        _wrongWay = wrong;
    }

    /// <summary>The product of the penalty coefficients, one factor per infraction (<see cref="DrivingScore"/>).</summary>
    public double Penalty => DrivingScore.Penalty(CollisionsVehicle, CollisionsStatic, Offroad, WrongWay);
}
