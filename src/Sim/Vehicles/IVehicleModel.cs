namespace RlLab.Sim.Vehicles;

/// <summary>Advances a car's state by one time step. Implementations are stateless and allocation-free.</summary>
public interface IVehicleModel
{
    void Step(ref CarState state, in Controls controls, VehicleParams p, double dt);
}
