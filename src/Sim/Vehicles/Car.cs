namespace RlLab.Sim.Vehicles;

/// <summary>One car of a <see cref="World"/>: its parameters, its model and its state.</summary>
public sealed class Car(VehicleParams parameters, IVehicleModel model)
{
    public VehicleParams Params { get; } = parameters;
    public IVehicleModel Model { get; } = model;
    public CarState State;
    /// <summary>The controls applied at the next world step.</summary>
    public Controls Controls;

    public void Step(double dt) => Model.Step(ref State, Controls, Params, dt);
}
