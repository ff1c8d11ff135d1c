namespace Phantom.Training.Simulation;

/// <summary>Whether the market plays adversarially over α (defended training) or at the nominal α only.</summary>
public enum SimulatorMode
{
    /// <summary>Each step takes the worst α of the robust grid and charges the COI leakage penalty.</summary>
    Robust,

    /// <summary>λ_coi = 0, radius 0, one grid point: the nominal α only.</summary>
    Baseline,
}
