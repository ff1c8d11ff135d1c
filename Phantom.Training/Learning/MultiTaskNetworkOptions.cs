namespace Phantom.Training.Learning;

/// <summary>Shape of a <see cref="MultiTaskNetwork"/>.</summary>
public sealed record MultiTaskNetworkOptions
{
    /// <summary>Number of session features fed to the shared encoder.</summary>
    public required int InputSize { get; init; }

    /// <summary>Hidden widths of the shared encoder; its last width is the encoding size.</summary>
    public IReadOnlyList<int> EncoderHiddenSizes { get; init; } = [64, 32];

    /// <summary>Hidden widths of the P(agent) head (empty = a single linear layer on the encoding).</summary>
    public IReadOnlyList<int> AgentHeadHiddenSizes { get; init; } = [16];

    /// <summary>Hidden widths of the P(purchase | price) head, whose input is [encoding, price].</summary>
    public IReadOnlyList<int> PurchaseHeadHiddenSizes { get; init; } = [16];

    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>Seeds weight initialisation.</summary>
    public long Seed { get; init; } = 1;
}
