namespace RlLab.Viz.Input;

/// <summary>Follow keeps the car in the middle of the screen; Overview frames the whole track.</summary>
public enum CameraMode { Follow, Overview }
