namespace Phantom.Training.Learning;

/// <summary>Weight initialisation schemes.</summary>
public enum WeightInitialization
{
    /// <summary>Glorot/Xavier uniform, U(±sqrt(6/(fanIn+fanOut))): keeps variance for tanh/sigmoid/linear.</summary>
    XavierUniform,

    /// <summary>He/Kaiming normal, N(0, 2/fanIn): keeps variance through ReLU.</summary>
    HeNormal,
}
